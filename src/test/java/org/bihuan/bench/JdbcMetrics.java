package org.bihuan.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Counts what the application asks of PostgreSQL, on the client side (pg_stat_statements needs
 * {@code shared_preload_libraries} and a server restart, which a benchmark should not require):
 * every JDBC execution (a batched statement counts once per {@code addBatch}), round trips, rows
 * written (the update counts PostgreSQL returns), commits, rollbacks and the time spent inside
 * JDBC calls, per statement shape ("insert act_hi_actinst", "select act_ru_execution", ...).
 *
 * <p>It also stamps the commit time of every inbox row: the ids inserted into {@code
 * bihuan.inbox_event} on a connection are remembered until that connection commits (forgotten on
 * rollback), which gives the event→commit latency without polling the database.
 */
final class JdbcMetrics {

  static final JdbcMetrics INSTANCE = new JdbcMetrics();

  /** Counters of one statement shape. */
  static final class Shape {
    final LongAdder executions = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  /** An immutable copy of the counters, to subtract one from another. */
  record Snapshot(long statements, long roundTrips, long rows, long commits, long rollbacks, long jdbcNanos,
      Map<String, long[]> shapes) {

    Snapshot minus(Snapshot before) {
      Map<String, long[]> diff = new TreeMap<>();
      shapes.forEach((k, v) -> {
        long[] b = before.shapes.getOrDefault(k, new long[3]);
        long[] d = {v[0] - b[0], v[1] - b[1], v[2] - b[2]};
        if (d[0] != 0) {
          diff.put(k, d);
        }
      });
      return new Snapshot(statements - before.statements, roundTrips - before.roundTrips, rows - before.rows,
          commits - before.commits, rollbacks - before.rollbacks, jdbcNanos - before.jdbcNanos, diff);
    }
  }

  private static final Pattern TABLE = Pattern.compile(
      "^\\s*(?:insert\\s+into|update|delete\\s+from|select\\b.*?\\bfrom)\\s+([a-z0-9_.\"]+)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final String INBOX_INSERT = "insert into bihuan.inbox_event";

  private final LongAdder statements = new LongAdder();
  private final LongAdder roundTrips = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder rollbacks = new LongAdder();
  private final LongAdder jdbcNanos = new LongAdder();
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();
  private final Map<String, String> shapeOfSql = new ConcurrentHashMap<>();
  /** inbox event id → commit time (epoch millis), first commit only; ids with the benchmark's prefix. */
  final Map<String, Long> inboxCommits = new ConcurrentHashMap<>();
  volatile String trackedPrefix = "bench-";

  private JdbcMetrics() {}

  Snapshot snapshot() {
    Map<String, long[]> copy = new TreeMap<>();
    shapes.forEach((k, s) -> copy.put(k, new long[] {s.executions.sum(), s.rows.sum(), s.nanos.sum()}));
    return new Snapshot(statements.sum(), roundTrips.sum(), rows.sum(), commits.sum(), rollbacks.sum(),
        jdbcNanos.sum(), copy);
  }

  DataSource wrap(DataSource target) {
    return (DataSource) Proxy.newProxyInstance(JdbcMetrics.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(target, method, args);
          if (result instanceof Connection connection && method.getName().equals("getConnection")) {
            return wrapConnection(connection);
          }
          return result;
        });
  }

  private Connection wrapConnection(Connection target) {
    List<String> pendingInboxIds = new ArrayList<>();
    return (Connection) Proxy.newProxyInstance(JdbcMetrics.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          String name = method.getName();
          switch (name) {
            case "commit" -> {
              Object r = invoke(target, method, args);
              commits.increment();
              stamp(pendingInboxIds);
              return r;
            }
            case "rollback" -> {
              if (args == null || args.length == 0) {
                rollbacks.increment();
                pendingInboxIds.clear();
              }
              return invoke(target, method, args);
            }
            case "setAutoCommit" -> {
              Object r = invoke(target, method, args);
              if (Boolean.TRUE.equals(args[0])) {
                stamp(pendingInboxIds); // switching auto-commit on commits the open transaction
              }
              return r;
            }
            case "close" -> {
              pendingInboxIds.clear();
              return invoke(target, method, args);
            }
            default -> {
              Object result = invoke(target, method, args);
              if (result instanceof PreparedStatement ps && (name.equals("prepareStatement") || name.equals("prepareCall"))) {
                return wrapStatement(ps, PreparedStatement.class, (String) args[0], pendingInboxIds, target);
              }
              if (result instanceof Statement st && name.equals("createStatement")) {
                return wrapStatement(st, Statement.class, null, pendingInboxIds, target);
              }
              return result;
            }
          }
        });
  }

  private void stamp(List<String> ids) {
    if (!ids.isEmpty()) {
      long now = System.currentTimeMillis();
      for (String id : ids) {
        inboxCommits.putIfAbsent(id, now);
      }
      ids.clear();
    }
  }

  private Object wrapStatement(Statement target, Class<? extends Statement> type, String preparedSql, List<String> pendingInboxIds,
      Connection connection) {
    boolean inboxInsert = preparedSql != null && preparedSql.toLowerCase(Locale.ROOT).contains(INBOX_INSERT);
    int[] batched = {0};
    String[] capturedId = {null};
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (inboxInsert && (name.equals("setString") || name.equals("setObject")) && Integer.valueOf(2).equals(args[0])
          && args[1] instanceof String id) {
        capturedId[0] = id;
      }
      if (name.equals("addBatch")) {
        batched[0]++;
        statements.increment();
        shape(args != null && args.length == 1 ? (String) args[0] : preparedSql).executions.increment();
        return invoke(target, method, args);
      }
      if (!name.startsWith("execute")) {
        return invoke(target, method, args);
      }
      String sql = args != null && args.length >= 1 && args[0] instanceof String s ? s : preparedSql;
      boolean batch = name.equals("executeBatch") || name.equals("executeLargeBatch");
      long start = System.nanoTime();
      Object result = invoke(target, method, args);
      long elapsed = System.nanoTime() - start;
      long written = 0;
      // a batch pgjdbc rewrote into multi-row inserts (reWriteBatchedInserts) answers SUCCESS_NO_INFO
      // per statement: each of the engine's batched inserts writes exactly one row
      if (result instanceof int[] counts) {
        for (int c : counts) {
          written += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(c, 0);
        }
      } else if (result instanceof long[] counts) {
        for (long c : counts) {
          written += c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(c, 0);
        }
      } else if (result instanceof Integer n) {
        written = Math.max(n, 0);
      } else if (result instanceof Long n) {
        written = Math.max(n, 0);
      } else if (Boolean.FALSE.equals(result)) {
        written = Math.max(target.getUpdateCount(), 0);
      }
      Shape shape = shape(sql);
      if (!batch) {
        statements.increment();
        shape.executions.increment();
      }
      batched[0] = 0;
      roundTrips.increment();
      rows.add(written);
      jdbcNanos.add(elapsed);
      shape.rows.add(written);
      shape.nanos.add(elapsed);
      if (inboxInsert && capturedId[0] != null && written > 0 && capturedId[0].startsWith(trackedPrefix)) {
        if (connection.getAutoCommit()) {
          inboxCommits.putIfAbsent(capturedId[0], System.currentTimeMillis());
        } else {
          pendingInboxIds.add(capturedId[0]);
        }
      }
      return result;
    };
    return Proxy.newProxyInstance(JdbcMetrics.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private Shape shape(String sql) {
    String key = sql == null ? "(batch)" : shapeOfSql.computeIfAbsent(sql, JdbcMetrics::describe);
    return shapes.computeIfAbsent(key, k -> new Shape());
  }

  static String describe(String sql) {
    String s = sql.strip();
    Matcher m = TABLE.matcher(s);
    String verb = s.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (m.find()) {
      String table = m.group(1).toLowerCase(Locale.ROOT).replace("\"", "");
      if (verb.equals("select") && s.toLowerCase(Locale.ROOT).contains("for update")) {
        verb = "select-for-update";
      }
      return verb + " " + table;
    }
    return verb + " …";
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
