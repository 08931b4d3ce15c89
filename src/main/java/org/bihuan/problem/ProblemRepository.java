package org.bihuan.problem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bihuan.problem.ProblemDetails.Note;
import org.bihuan.problem.ProblemDetails.ResolutionReport;
import org.bihuan.problem.ProblemDetails.ResponsibleUnit;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The problem tables of schema {@code bihuan}. */
@Repository
class ProblemRepository {

  private final JdbcClient jdbc;
  private final org.springframework.transaction.support.TransactionTemplate transactions;

  ProblemRepository(JdbcClient jdbc, org.springframework.transaction.PlatformTransactionManager transactionManager) {
    this.transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
    this.transactions.setReadOnly(true);
    this.jdbc = jdbc;
  }

  long nextNumber() {
    return jdbc.sql("select nextval('bihuan.problem_number_seq')").query(Long.class).single();
  }

  void insert(ProblemRecord p) {
    jdbc.sql(
            """
            insert into bihuan.problem (key, title, description, action_number, task_number, reporter_unit_code,
              reporter_user, source, source_ref, suggested_category, stage, possible_duplicate_of, created_at, updated_at)
            values (:key, :title, :description, :action, :task, :unit, :user, :source, :sourceRef, :category, :stage,
              :duplicate, :created, :created)
            """)
        .param("key", p.key())
        .param("title", p.title())
        .param("description", p.description())
        .param("action", p.actionNumber())
        .param("task", p.taskNumber())
        .param("unit", p.reporterUnitCode())
        .param("user", p.reporterUser())
        .param("source", p.source())
        .param("sourceRef", p.sourceRef())
        .param("category", p.suggestedCategory())
        .param("stage", p.stage().name())
        .param("duplicate", p.possibleDuplicateOf())
        .param("created", Timestamp.from(p.createdAt()))
        .update();
  }

  Optional<ProblemRecord> find(String key) {
    return jdbc.sql("select * from bihuan.problem where key = ?").param(key).query(ProblemRepository::map).optional();
  }

  Optional<String> openProblemOfIndicator(String indicatorCode, String period) {
    return jdbc.sql(
            "select key from bihuan.problem where indicator_code = ? and indicator_period = ?"
                + " and stage not in ('CLOSED', 'REJECTED', 'MERGED')")
        .params(indicatorCode, period)
        .query(String.class)
        .optional();
  }

  Optional<ProblemRecord> findBySourceRef(String source, String sourceRef) {
    return jdbc.sql("select * from bihuan.problem where source = ? and source_ref = ?")
        .params(source, sourceRef)
        .query(ProblemRepository::map)
        .optional();
  }

  /** An open problem of the same action/task with the same title, for duplicate detection. */
  Optional<String> findOpenDuplicate(String title, Integer actionNumber, Integer taskNumber) {
    return jdbc.sql(
            """
            select key from bihuan.problem
            where lower(btrim(title)) = lower(btrim(:title))
              and action_number is not distinct from :action and task_number is not distinct from :task
              and stage not in ('CLOSED', 'REJECTED', 'MERGED')
            order by created_at limit 1
            """)
        .param("title", title)
        .param("action", actionNumber)
        .param("task", taskNumber)
        .query(String.class)
        .optional();
  }

  void update(String key, String assignments, Object... params) {
    Object[] all = new Object[params.length + 2];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = now();
    all[params.length + 1] = key;
    int updated =
        jdbc.sql("update bihuan.problem set " + assignments + ", updated_at = ? where key = ?").params(all).update();
    if (updated != 1) {
      throw new IllegalStateException("problem " + key + " does not exist");
    }
  }

  void replaceResponsibleUnits(String key, String leadUnit, List<String> coUnits) {
    jdbc.sql("delete from bihuan.problem_unit where problem_key = ?").param(key).update();
    jdbc.sql("insert into bihuan.problem_unit (problem_key, unit_code, role) values (?, ?, 'LEAD')")
        .params(key, leadUnit)
        .update();
    for (String co : coUnits) {
      if (!co.equals(leadUnit)) {
        jdbc.sql(
                "insert into bihuan.problem_unit (problem_key, unit_code, role) values (?, ?, 'CO') on conflict do nothing")
            .params(key, co)
            .update();
      }
    }
  }

  List<ResponsibleUnit> responsibleUnits(String key) {
    return jdbc.sql(
            """
            select pu.unit_code, u.name, pu.role from bihuan.problem_unit pu join bihuan.unit u on u.code = pu.unit_code
            where pu.problem_key = ? order by pu.role desc, pu.unit_code
            """)
        .param(key)
        .query((rs, i) -> new ResponsibleUnit(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  void insertNote(String key, String kind, String text, String author) {
    jdbc.sql("insert into bihuan.problem_note (problem_key, kind, text, author, created_at) values (?, ?, ?, ?, ?)")
        .params(key, kind, text, author, now())
        .update();
  }

  List<Note> notes(String key) {
    return jdbc.sql("select kind, text, author, created_at from bihuan.problem_note where problem_key = ? order by id")
        .param(key)
        .query((rs, i) -> new Note(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)))
        .list();
  }

  void insertResolutionReport(String key, int round, String unitCode, String actionsTaken, String outcome, String user) {
    jdbc.sql(
            """
            insert into bihuan.resolution_report (problem_key, round, unit_code, actions_taken, outcome, reported_by, reported_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (problem_key, round, unit_code) do update
              set actions_taken = excluded.actions_taken, outcome = excluded.outcome,
                  reported_by = excluded.reported_by, reported_at = excluded.reported_at
            """)
        .params(key, round, unitCode, actionsTaken, outcome, user, now())
        .update();
  }

  List<ResolutionReport> resolutionReports(String key, int round) {
    return jdbc.sql(
            """
            select r.unit_code, u.name, r.actions_taken, r.outcome, r.reported_by, r.reported_at
            from bihuan.resolution_report r join bihuan.unit u on u.code = r.unit_code
            where r.problem_key = ? and r.round = ? order by r.id
            """)
        .params(key, round)
        .query(
            (rs, i) ->
                new ResolutionReport(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs, 6)))
        .list();
  }

  List<ProblemRecord> list(ProblemFilter filter, int page, int size) {
    StringBuilder sql = new StringBuilder("select * from bihuan.problem p where true");
    List<Object> params = new ArrayList<>();
    where(filter, sql, params, true);
    sql.append(" order by p.created_at desc, p.key desc limit ? offset ?");
    params.add(size);
    params.add((long) page * size);
    return jdbc.sql(sql.toString()).params(params).query(ProblemRepository::map).list();
  }

  /**
   * Runs a query planned for its actual values: under a generic plan (the statement is prepared
   * once pgjdbc has seen it 5 times) a LIMIT query may read the whole history for a value that
   * matches little. Used for the capped count; the page query showed no difference (300 k problems).
   */
  private <T> T customPlan(java.util.function.Supplier<T> query) {
    return transactions.execute(status -> {
      jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
      return query.get();
    });
  }

  /**
   * The number of problems a filter finds, counted up to {@code limit + 1}: a count over the whole
   * history grows with it (1.9 s for a unit seeing 200,000 of 1,000,000 problems), a capped count
   * does not. A result above {@code limit} means "more than {@code limit}".
   */
  long count(ProblemFilter filter, int limit) {
    return customPlan(() -> cappedCount(filter, limit));
  }

  private long cappedCount(ProblemFilter filter, int limit) {
    ProblemScope scope = filter.scope();
    if (!scope.all()) {
      return countVisible(filter, scope, limit);
    }
    StringBuilder sql = new StringBuilder("select count(*) from (select 1 from bihuan.problem p where true");
    List<Object> params = new ArrayList<>();
    where(filter, sql, params);
    sql.append(" limit ?) c");
    params.add(limit + 1);
    return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
  }

  /**
   * The capped count of a limited scope as a union of index scans, one per way of seeing a problem
   * (its action, reporting unit, analysis group, responsible unit), with the other filters in each:
   * the OR of {@link #where} makes PostgreSQL read every problem of the history (docs/benchmarks.md).
   * Each branch stops after {@code limit + 1} rows: if the visible problems are at most {@code limit},
   * no branch (a subset of them) is cut and the distinct count is exact; otherwise either a branch
   * is cut and alone exceeds {@code limit}, or none is and the exact count does.
   */
  private long countVisible(ProblemFilter filter, ProblemScope scope, int limit) {
    StringBuilder rest = new StringBuilder();
    List<Object> restParams = new ArrayList<>();
    where(new ProblemFilter(filter.stage(), filter.actionNumber(), filter.taskNumber(), filter.unitCode(), ProblemScope.ALL,
            filter.light()),
        rest, restParams);
    String r = rest.toString();
    List<String> branches = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    // only the ways of seeing that this scope has: an empty branch would still be planned and run
    if (!scope.actions().isEmpty()) {
      branches.add("select p.key from bihuan.problem p where p.action_number = any(?)" + r + " limit ?");
      params.add(scope.actions().toArray(Integer[]::new));
      params.addAll(restParams);
      params.add(limit + 1);
    }
    if (!scope.units().isEmpty()) {
      branches.add("select p.key from bihuan.problem p where p.reporter_unit_code = any(?)" + r + " limit ?");
      params.add(scope.units().toArray(String[]::new));
      params.addAll(restParams);
      params.add(limit + 1);
      branches.add(r.isEmpty()
          ? "select pu.problem_key from bihuan.problem_unit pu where pu.unit_code = any(?) limit ?"
          : "select p.key from bihuan.problem_unit pu join bihuan.problem p on p.key = pu.problem_key"
              + " where pu.unit_code = any(?)" + r + " limit ?");
      params.add(scope.units().toArray(String[]::new));
      params.addAll(restParams);
      params.add(limit + 1);
    }
    if (!scope.groups().isEmpty()) {
      branches.add("select p.key from bihuan.problem p where p.analysis_group = any(?)" + r + " limit ?");
      params.add(scope.groups().toArray(String[]::new));
      params.addAll(restParams);
      params.add(limit + 1);
    }
    if (branches.isEmpty()) {
      return 0;
    }
    String sql = "select count(distinct key) from ((" + String.join(") union all (", branches) + ")) visible";
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  private static void where(ProblemFilter filter, StringBuilder sql, List<Object> params) {
    where(filter, sql, params, false);
  }

  /**
   * {@code perRow}: for a page in creation order, check the responsible units of each problem the
   * index scan reads (primary-key probe) rather than hashing all problems of the units first —
   * PostgreSQL turns an EXISTS inside an OR into a hashed subplan over every problem of the unit,
   * which grows with history; {@code offset 0} keeps the EXISTS a per-row subplan.
   */
  private static void where(ProblemFilter filter, StringBuilder sql, List<Object> params, boolean perRow) {
    String probe = perRow ? " offset 0" : "";
    ProblemScope scope = filter.scope();
    if (!scope.all()) {
      sql.append(
          " and (p.action_number = any(?) or p.reporter_unit_code = any(?) or p.analysis_group = any(?)"
              + " or exists (select 1 from bihuan.problem_unit pu where pu.problem_key = p.key and pu.unit_code = any(?)"
              + probe + "))");
      params.add(scope.actions().toArray(Integer[]::new));
      params.add(scope.units().toArray(String[]::new));
      params.add(scope.groups().toArray(String[]::new));
      params.add(scope.units().toArray(String[]::new));
    }
    if (filter.stage() != null) {
      sql.append(" and p.stage = ?");
      params.add(filter.stage().name());
    }
    if (filter.actionNumber() != null) {
      sql.append(" and p.action_number = ?");
      params.add(filter.actionNumber());
    }
    if (filter.taskNumber() != null) {
      sql.append(" and p.task_number = ?");
      params.add(filter.taskNumber());
    }
    if (filter.unitCode() != null) {
      sql.append(
          " and (p.reporter_unit_code = ? or exists (select 1 from bihuan.problem_unit pu"
              + " where pu.problem_key = p.key and pu.unit_code = ?" + probe + "))");
      params.add(filter.unitCode());
      params.add(filter.unitCode());
    }
    if (filter.light() != null) {
      filter.light().condition(sql, params, now());
    }
  }

  /** Camunda's clock, so that tests moving {@code ClockUtil} move Bihuan's timestamps too. */
  static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }

  static ProblemRecord map(ResultSet rs, int row) throws SQLException {
    return new ProblemRecord(
        rs.getString("key"),
        rs.getString("title"),
        rs.getString("description"),
        (Integer) rs.getObject("action_number"),
        (Integer) rs.getObject("task_number"),
        rs.getString("reporter_unit_code"),
        rs.getString("reporter_user"),
        rs.getString("source"),
        rs.getString("source_ref"),
        rs.getString("suggested_category"),
        rs.getString("category"),
        Stage.valueOf(rs.getString("stage")),
        rs.getString("process_instance_id"),
        rs.getString("working_group"),
        rs.getString("analysis_group"),
        rs.getString("possible_duplicate_of"),
        rs.getString("merged_into"),
        rs.getString("reject_reason"),
        rs.getString("root_cause"),
        rs.getString("measures"),
        instant(rs, "resolution_due"),
        (Boolean) rs.getObject("needs_policy"),
        rs.getInt("rework_count"),
        rs.getObject("satisfaction") == null ? null : rs.getInt("satisfaction"),
        rs.getString("lessons"),
        rs.getBoolean("typical_case"),
        rs.getBoolean("best_practice"),
        instant(rs, "created_at"),
        instant(rs, "closed_at"),
        instant(rs, "listed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
