package org.bihuan.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Bulk load of closed problems in Camunda-compatible form — not through the engine: one
 * {@code INSERT … SELECT} from {@code generate_series} per table and batch, with the rows the real
 * process leaves behind for a closed problem (compared with a real sample by {@link #compareShapes}):
 * <ul>
 *   <li>Bihuan: {@code bihuan.problem} (stage CLOSED 88 % / REJECTED 12 %, key from
 *       {@code problem_number_seq}), {@code bihuan.problem_unit} (lead + a co-handling unit for a
 *       quarter), {@code bihuan.lifecycle_event} (OPENED … CLOSED, {@code published_at} set so the
 *       outbox relay never picks them up);
 *   <li>Camunda history of the deployed {@code closed-loop-issue} definition (its real id):
 *       {@code act_hi_procinst} (COMPLETED), {@code act_hi_actinst} (every activity of the path, the
 *       multi-instance resolution once per resolving unit), {@code act_hi_taskinst} (completed user
 *       tasks with assignee, due date), {@code act_hi_varinst} (the process variables with primitive
 *       values and the resolution's per-unit variables);
 *   <li>the per-instance grants the real process leaves in {@code act_ru_authorization}: historic
 *       process instance READ for reporter unit, working group, analysis group and resolving units
 *       ({@code ProblemProcess.grantRead}), historic task READ for each task's candidate group and
 *       assignee (Camunda's own, with {@code enableHistoricInstancePermissions}).
 * </ul>
 * Not loaded (nothing measured reads them; documented in docs/benchmarks.md): {@code act_hi_detail},
 * {@code act_hi_op_log}, {@code act_hi_identitylink}, {@code act_hi_decinst}/{@code _dec_in}/{@code
 * _dec_out}, and the byte-array variables ({@code coUnits}, {@code resolvingUnits}, {@code
 * unitOptions}, and the JSON form details {@code problemDetails} and {@code resolutionSummary}, local
 * to each task's execution) and the multi-instance counters.
 *
 * <p>The spread comes from the catalogue in the database: a random task (its action), a random
 * non-collective reporter unit, one of the task's lead units as lead unit, one of its responsible
 * units as co-handler, a task force or the lead unit as analysis group, stage durations scaled by
 * a random pace. Creation dates go back in time with the problem number (90 s apart on average,
 * about 1,000 problems a day: 1,000,000 cover 2.9 years before the load), so that the time
 * indexes grow at one end like a real history and the load stays fast. Ids are UUID-shaped,
 * ascending per problem ({@code <number hex>-<row hex>-b0b0-8000-…}; the {@code b0b0} version
 * field never occurs in Camunda's own UUIDs), so index inserts stay sequential.
 */
public final class HistorySeeder {

  private static final boolean VERBOSE = Boolean.getBoolean("bench.verbose");

  private final String processDefinitionId;
  private final long seed;
  private long batches;

  private HistorySeeder(String processDefinitionId, long seed) {
    this.processDefinitionId = processDefinitionId;
    this.seed = seed;
  }

  /**
   * The seeding command: {@code HistorySeeder [count] [jdbc-url]} loads {@code count} (default
   * 1,000,000) closed problems into a database on which Bihuan has run (schema and definition
   * deployed, catalogue imported), in batches of {@code -Dbench.batch} (20,000) on {@code
   * -Dbench.seedThreads} (2) connections, then ANALYZE.
   */
  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    String url = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/bihuan";
    int batch = Integer.getInteger("bench.batch", 20_000);
    int threads = Integer.getInteger("bench.seedThreads", 2);
    java.util.function.Supplier<Connection> connections = () -> {
      try {
        return java.sql.DriverManager.getConnection(url, System.getProperty("bench.pgUser", "postgres"),
            System.getProperty("bench.pgPassword", ""));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    long start = System.nanoTime();
    seedParallel(connections, System.nanoTime(), count, batch, threads, done -> System.out.printf(
        "seeded %,d / %,d closed problems (%.0f/s)%n", done, count, done / ((System.nanoTime() - start) / 1e9)));
    try (Connection c = connections.get()) {
      try (Statement s = c.createStatement()) {
        s.execute("analyze");
      }
      System.out.printf("%,d closed problems in %.1f s (ANALYZE included)%n", count, (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Loads {@code count} problems in batches of {@code batch} on {@code threads} connections at
   * once (PostgreSQL runs one backend per connection; index maintenance is CPU-bound).
   */
  public static void seedParallel(java.util.function.Supplier<Connection> connections, long seed, long count, int batch,
      int threads, java.util.function.LongConsumer progress) throws Exception {
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = seed * 31 + t;
        futures.add(pool.submit(() -> {
          try (Connection c = connections.get()) {
            HistorySeeder seeder = prepare(c, threadSeed);
            while (true) {
              long from = next.getAndAdd(batch);
              if (from >= count) {
                return null;
              }
              int n = (int) Math.min(batch, count - from);
              seeder.seed(c, n);
              progress.accept(done.addAndGet(n));
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Reads the deployed definition's id; the catalogue must be imported. */
  public static HistorySeeder prepare(Connection c, long seed) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id_ from act_re_procdef where key_ = 'closed-loop-issue' order by version_ desc limit 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("closed-loop-issue is not deployed");
      }
      String id = rs.getString(1);
      try (ResultSet t = s.executeQuery("select count(*) from bihuan.task")) {
        t.next();
        if (t.getLong(1) == 0) {
          throw new IllegalStateException("the catalogue is empty");
        }
      }
      return new HistorySeeder(id, seed);
    }
  }

  public String processDefinitionId() {
    return processDefinitionId;
  }

  /** Loads {@code count} closed problems in one transaction. */
  public void seed(Connection c, int count) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("set local synchronous_commit = off");
      try (PreparedStatement ps = c.prepareStatement("select setseed(?)")) {
        ps.setDouble(1, ((seed * 7919 + batches++) % 1000) / 1000.0);
        ps.execute();
      }
      long t0 = System.nanoTime();
      String[] problems = PROBLEMS.split(";\n");
      try (PreparedStatement ps = c.prepareStatement(problems[0])) {
        ps.setInt(1, count);
        ps.execute();
      }
      for (int i = 1; i < problems.length; i++) {
        if (!problems[i].isBlank()) {
          s.execute(problems[i]);
        }
      }
      if (VERBOSE) {
        System.out.printf("  %.1f s  seed_p%n", (System.nanoTime() - t0) / 1e9);
      }
      for (String sql : INSERTS) {
        long t = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql.replace(":procDefId", "'" + processDefinitionId.replace("'", "''") + "'"))) {
          ps.execute();
        }
        if (VERBOSE) {
          System.out.printf("  %.1f s  %s%n", (System.nanoTime() - t) / 1e9, sql.strip().lines().findFirst().orElse(""));
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  // the batch's problems: one row each with every random choice ------------------------------------

  private static final String PROBLEMS = """
      create temp table seed_p on commit drop as
      with cat as (
        select (select array_agg(number order by number) from bihuan.task) as tasks,
               (select array_agg(code order by code) from bihuan.unit where kind <> 'COLLECTIVE') as units),
      base as (
        select nextval('bihuan.problem_number_seq') as num, random() as r_task, random() as r_unit, random() as r_path,
               random() as r_co, random() as r_ag, random() as r_pace, random() as r_sat, random() as r_flag,
               random() as r_cat, random() as r_cat2,
               random() as r_time
        from generate_series(1, ?) g),
      picked as (
        select b.*, cat.tasks[1 + floor(b.r_task * array_length(cat.tasks, 1))::int] as task,
               cat.units[1 + floor(b.r_unit * array_length(cat.units, 1))::int] as reporter
        from base b cross join cat)
      select p.num, lpad(to_hex(p.num), 8, '0') as idp,
             'BH-' || extract(year from (p.created at time zone 'UTC') at time zone 'Asia/Shanghai')::int || '-'
               || lpad(p.num::text, 6, '0') as key,
             p.task, t.action_number as action, t.title as task_title, p.reporter,
             case when p.r_path < 0.88 then 'CLOSED' else 'REJECTED' end as path,
             coalesce((select tu.unit_code from bihuan.task_unit tu where tu.task_number = p.task and tu.role = 'LEAD'
                       order by md5(p.num::text || tu.unit_code) limit 1), p.reporter) as lead,
             case when p.r_co < 0.25 then
               (select tu.unit_code from bihuan.task_unit tu join bihuan.unit u on u.code = tu.unit_code
                where tu.task_number = p.task and tu.role = 'RESPONSIBLE' and u.kind <> 'COLLECTIVE'
                order by md5(p.num::text || tu.unit_code) limit 1) end as co_pick,
             'wg-' || lpad(t.action_number::text, 2, '0') as wg,
             'wg' || lpad(t.action_number::text, 2, '0') as wg_user,
             p.r_ag < 0.3 as by_task_force,
             (array['POLICY_GAP','EXECUTION','RESOURCES','COORDINATION'])[1 + floor(p.r_cat * 4)::int] as suggested,
             (array['POLICY_GAP','EXECUTION','RESOURCES','COORDINATION'])[1 + floor(p.r_cat2 * 4)::int] as category,
             1 + floor(p.r_sat * 5)::int as satisfaction, p.r_flag < 0.1 as typical, p.r_flag > 0.95 as best,
             p.created::timestamp(3) as created, (0.5 + p.r_pace * 1.5) as pace
      from (select picked.*, localtimestamp - interval '1 day' - (picked.num + picked.r_time) * interval '90 seconds' as created
            from picked) p join bihuan.task t on t.number = p.task;
      alter table seed_p add column co text, add column ag text, add column ag_user text, add column pi text,
        add column t_triage timestamp, add column t_analysis timestamp, add column t_resolve timestamp,
        add column t_resolved timestamp, add column t_verified timestamp, add column t_closed timestamp,
        add column due timestamp, add column ended timestamp;
      update seed_p set
        co = case when co_pick <> lead then co_pick end,
        ag = case when by_task_force then 'tf-' || lpad(action::text, 2, '0') else 'unit-' || lead end,
        ag_user = case when by_task_force then 'tf' || lpad(action::text, 2, '0') else lead end,
        pi = idp || '-0000-b0b0-8000-' || lpad(idp, 12, '0'),
        t_triage = created + pace * interval '26 hours',
        t_analysis = created + pace * interval '4 days',
        t_resolve = created + pace * interval '16 days',
        t_resolved = created + pace * interval '17 days',
        t_verified = created + pace * interval '19 days',
        t_closed = created + pace * interval '20 days',
        due = date_trunc('day', created + pace * interval '4 days' + interval '30 days') + interval '15:59:59';
      update seed_p set ended = case when path = 'CLOSED' then t_closed else t_triage end;
      create temp table seed_u on commit drop as
        select num, 0 as u, lead as unit from seed_p where path = 'CLOSED'
        union all select num, 1, co from seed_p where path = 'CLOSED' and co is not null;
      analyze seed_p;
      analyze seed_u;
      """;

  /** Activity path of the loop as the real process records it (ids, types, names, scope, timing). */
  private static final String PATH = """
      (values
        ('CLOSED', 1, 'startEvent_problemReported', 'startEvent', '上报问题', 'root', null, 'created', 'created', 4),
        ('CLOSED', 3, 'serviceTask_registerProblem', 'serviceTask', '登记问题', 'root', null, 'created', 'created', 4),
        ('CLOSED', 5, 'businessRuleTask_routeTriage', 'businessRuleTask', '确定受理工作组', 'child', null, 'created', 'created', 4),
        ('CLOSED', 7, 'userTask_triage', 'userTask', '受理', 'child', 'triage', 'created', 't_triage', 4),
        ('CLOSED', 9, 'serviceTask_applyTriage', 'serviceTask', '登记受理结论', 'root', null, 't_triage', 't_triage', 4),
        ('CLOSED', 11, 'gateway_triageDecision', 'exclusiveGateway', '受理结论？', 'root', null, 't_triage', 't_triage', 4),
        ('CLOSED', 13, 'businessRuleTask_routeAnalysis', 'businessRuleTask', '确定分析单位', 'child', null, 't_triage', 't_triage', 4),
        ('CLOSED', 15, 'userTask_analyse', 'userTask', '分析问题', 'child', 'analyse', 't_triage', 't_analysis', 4),
        ('CLOSED', 17, 'serviceTask_recordAnalysis', 'serviceTask', '登记分析结论', 'root', null, 't_analysis', 't_analysis', 4),
        ('CLOSED', 19, 'gateway_needsPolicy', 'exclusiveGateway', '需要出台政策？', 'root', null, 't_analysis', 't_analysis', 4),
        ('CLOSED', 21, 'gateway_joinPolicy', 'exclusiveGateway', null, 'root', null, 't_analysis', 't_analysis', 4),
        ('CLOSED', 23, 'subProcess_resolve#multiInstanceBody', 'multiInstanceBody', null, 'mi', null, 't_analysis', 't_resolved', 4),
        ('CLOSED', 24, 'subProcess_resolve', 'subProcess', '各责任单位办理', 'unit', null, 't_analysis', 't_resolve', 1),
        ('CLOSED', 25, 'startEvent_resolve', 'startEvent', null, 'unit', null, 't_analysis', 't_analysis', 4),
        ('CLOSED', 27, 'userTask_resolve', 'userTask', '办理问题', 'unit', 'resolve', 't_analysis', 't_resolve', 4),
        ('CLOSED', 29, 'serviceTask_recordResolution', 'serviceTask', '登记办理结果', 'unit', null, 't_resolve', 't_resolve', 4),
        ('CLOSED', 31, 'endEvent_resolved', 'noneEndEvent', null, 'unit', null, 't_resolve', 't_resolve', 1),
        ('CLOSED', 35, 'serviceTask_markResolved', 'serviceTask', '汇总办理结果', 'root', null, 't_resolved', 't_resolved', 4),
        ('CLOSED', 37, 'userTask_verify', 'userTask', '核查', 'child', 'verify', 't_resolved', 't_verified', 4),
        ('CLOSED', 39, 'serviceTask_applyVerification', 'serviceTask', '登记核查结论', 'root', null, 't_verified', 't_verified', 4),
        ('CLOSED', 41, 'gateway_verified', 'exclusiveGateway', '核查通过？', 'root', null, 't_verified', 't_verified', 4),
        ('CLOSED', 43, 'userTask_close', 'userTask', '结案评价', 'child', 'close', 't_verified', 't_closed', 4),
        ('CLOSED', 45, 'serviceTask_closeProblem', 'serviceTask', '结案', 'root', null, 't_closed', 't_closed', 4),
        ('CLOSED', 47, 'endEvent_closed', 'noneEndEvent', '已结案', 'root', null, 't_closed', 't_closed', 1),
        ('REJECTED', 1, 'startEvent_problemReported', 'startEvent', '上报问题', 'root', null, 'created', 'created', 4),
        ('REJECTED', 3, 'serviceTask_registerProblem', 'serviceTask', '登记问题', 'root', null, 'created', 'created', 4),
        ('REJECTED', 5, 'businessRuleTask_routeTriage', 'businessRuleTask', '确定受理工作组', 'child', null, 'created', 'created', 4),
        ('REJECTED', 7, 'userTask_triage', 'userTask', '受理', 'child', 'triage', 'created', 't_triage', 4),
        ('REJECTED', 9, 'serviceTask_applyTriage', 'serviceTask', '登记受理结论', 'root', null, 't_triage', 't_triage', 4),
        ('REJECTED', 11, 'gateway_triageDecision', 'exclusiveGateway', '受理结论？', 'root', null, 't_triage', 't_triage', 4),
        ('REJECTED', 13, 'endEvent_rejected', 'noneEndEvent', '不予受理', 'root', null, 't_triage', 't_triage', 1)
      ) as n(path, seq, act_id, act_type, act_name, scope, task, t_start, t_end, state)""";

  /** The instants of a path step; {@code ms} apart so that the order within one instant is kept. */
  private static String at(String column, String seqExpr) {
    return "(case " + column + " when 'created' then p.created when 't_triage' then p.t_triage when 't_analysis' then p.t_analysis"
        + " when 't_resolve' then p.t_resolve when 't_resolved' then p.t_resolved when 't_verified' then p.t_verified"
        + " else p.t_closed end + (" + seqExpr + ") * interval '1 millisecond')";
  }

  /** The id of row {@code j} of a problem. */
  private static String id(String j) {
    return "(p.idp || '-' || lpad(to_hex(" + j + "), 4, '0') || '-b0b0-8000-000000000000')";
  }

  private static final String RM = " + interval '3650 days'"; // historyTimeToLive of the definition

  private static final List<String> INSERTS = List.of(
      // Bihuan's problem rows
      """
      insert into bihuan.problem (key, title, description, action_number, task_number, reporter_unit_code, reporter_user,
        source, suggested_category, category, stage, process_instance_id, working_group, analysis_group, reject_reason,
        root_cause, measures, resolution_due, needs_policy, rework_count, satisfaction, lessons, typical_case, best_practice,
        created_at, updated_at, closed_at)
      select key, left('历史问题 ' || num || '：' || task_title, 200), '重点任务“' || task_title || '”推进中遇到的问题（历史数据 ' || num || '）。',
        action, task, reporter, reporter, 'REST', suggested, case when path = 'CLOSED' then category end, path, pi, wg,
        case when path = 'CLOSED' then ag end, case when path = 'REJECTED' then '不属于本专项职责' end,
        case when path = 'CLOSED' then '审批环节多、协调不畅' end, case when path = 'CLOSED' then '建立专班周调度' end,
        case when path = 'CLOSED' then due end, case when path = 'CLOSED' then false end, 0,
        case when path = 'CLOSED' then satisfaction end, case when path = 'CLOSED' then '提前协调' end,
        path = 'CLOSED' and typical, path = 'CLOSED' and best, created, ended, ended
      from seed_p order by num
      """,
      """
      insert into bihuan.problem_unit (problem_key, unit_code, role)
      select p.key, u.unit, case u.u when 0 then 'LEAD' else 'CO' end from seed_u u join seed_p p using (num) order by p.num, u.u
      """,
      // lifecycle (outbox): already published
      """
      insert into bihuan.lifecycle_event (id, problem_key, type, stage, actor, occurred_at, data, published_at)
      select (p.idp || '-' || lpad(to_hex(e.o), 4, '0') || '-b0b0-8000-000000000000')::uuid, e.key, e.type, e.stage, e.actor, e.at, e.data, e.at from (
        select p.num, 1 as o, p.key, 'OPENED' as type, 'TRIAGE' as stage, p.reporter as actor, p.created as at,
          jsonb_build_object('title', left('历史问题 ' || p.num || '：' || p.task_title, 200), 'source', 'REST',
            'actionNumber', p.action, 'taskNumber', p.task, 'reporterUnit', p.reporter) as data from seed_p p
        union all select p.num, 2, p.key, 'REJECTED', 'REJECTED', p.wg_user, p.t_triage,
          jsonb_build_object('reason', '不属于本专项职责') from seed_p p where p.path = 'REJECTED'
        union all select p.num, 2, p.key, 'TRIAGED', 'ANALYSIS', p.wg_user, p.t_triage,
          jsonb_build_object('decision', 'ACCEPT', 'category', p.category, 'workingGroup', p.wg) from seed_p p where p.path = 'CLOSED'
        union all select p.num, 3, p.key, 'ASSIGNED', 'RESOLUTION', p.ag_user, p.t_analysis,
          jsonb_build_object('category', p.category, 'leadUnit', p.lead, 'coUnits', case when p.co is null then '[]'::jsonb
            else jsonb_build_array(p.co) end, 'resolutionDue', to_char(p.due, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'needsPolicy', false)
          from seed_p p where p.path = 'CLOSED'
        union all select p.num, 4 + u.u, p.key, 'UNIT_REPORTED', 'RESOLUTION', u.unit, p.t_resolve - u.u * interval '1 hour',
          jsonb_build_object('unit', u.unit, 'outcome', 'RESOLVED') from seed_p p join seed_u u using (num)
        union all select p.num, 6, p.key, 'RESOLVED', 'VERIFICATION', null, p.t_resolved, jsonb_build_object('reports', r.reports)
          from seed_p p join (select u.num, jsonb_agg(jsonb_build_object('unit', u.unit, 'outcome', 'RESOLVED') order by u.u) as reports
            from seed_u u group by u.num) r using (num)
        union all select p.num, 7, p.key, 'VERIFIED', 'CLOSURE', p.wg_user, p.t_verified, '{}'::jsonb from seed_p p where p.path = 'CLOSED'
        union all select p.num, 8, p.key, 'CLOSED', 'CLOSED', p.wg_user, p.t_closed,
          jsonb_build_object('satisfaction', p.satisfaction, 'typicalCase', p.typical, 'bestPractice', p.best)
          from seed_p p where p.path = 'CLOSED'
      ) e join seed_p p using (num) order by e.num, e.o
      """,
      // Camunda: the process instance
      """
      insert into act_hi_procinst (id_, proc_inst_id_, business_key_, proc_def_key_, proc_def_id_, start_time_, end_time_,
        removal_time_, duration_, start_user_id_, start_act_id_, end_act_id_, root_proc_inst_id_, state_)
      select pi, pi, key, 'closed-loop-issue', :procDefId, created, ended, ended""" + RM + """
      , (extract(epoch from ended - created) * 1000)::bigint, reporter, 'startEvent_problemReported',
        case when path = 'CLOSED' then 'endEvent_closed' else 'endEvent_rejected' end, pi, 'COMPLETED'
      from seed_p p order by num
      """,
      // activity instances: the path, the resolution sub-process once per resolving unit
      "create temp table seed_a on commit drop as select p.num, p.pi, p.ended, n.*, coalesce(u.u, 0) as u, u.unit, "
          + at("n.t_start", "n.seq") + " - coalesce(u.u, 0) * interval '1 hour' as s_time, "
          + at("n.t_end", "n.seq + 1") + " - coalesce(u.u, 0) * interval '1 hour' as e_time, "
          + id("256 + n.seq * 4 + coalesce(u.u, 0)") + " as ai_id, "
          // Camunda prefixes an activity instance id with the activity id when the result fits in 64 characters
          + "case when length(n.act_id) + 37 > 64 then '' else n.act_id || ':' end || " + id("256 + n.seq * 4 + coalesce(u.u, 0)")
          + " as ai_full, "
          + "case n.scope when 'root' then p.pi when 'child' then " + id("512 + n.seq") + " when 'mi' then " + id("767")
          + " else " + id("768 + coalesce(u.u, 0)") + " end as exec_id, "
          + "case when n.act_id = 'subProcess_resolve' then " + id("256 + 23 * 4") + " when n.scope = 'unit' then "
          + "'subProcess_resolve:' || " + id("256 + 24 * 4 + coalesce(u.u, 0)") + " else p.pi end as parent_id, "
          + "case n.task when 'triage' then " + id("1024") + " when 'analyse' then " + id("1025") + " when 'resolve' then "
          + id("1026 + coalesce(u.u, 0)") + " when 'verify' then " + id("1028") + " when 'close' then " + id("1029") + " end as task_id, "
          + "case n.task when 'triage' then p.wg when 'analyse' then p.ag when 'resolve' then 'unit-' || u.unit "
          + " when 'verify' then p.wg when 'close' then p.wg end as cand_group, "
          + "case n.task when 'triage' then p.wg_user when 'analyse' then p.ag_user when 'resolve' then u.unit "
          + " when 'verify' then p.wg_user when 'close' then p.wg_user end as assignee, "
          + "case n.task when 'triage' then " + at("n.t_start", "n.seq") + " + interval '3 days' when 'analyse' then "
          + at("n.t_start", "n.seq") + " + interval '10 days' when 'resolve' then p.due when 'verify' then "
          + at("n.t_start", "n.seq") + " + interval '5 days' when 'close' then " + at("n.t_start", "n.seq") + " + interval '3 days' end as due "
          + "from seed_p p join " + PATH + " on n.path = p.path left join seed_u u on n.scope = 'unit' and u.num = p.num "
          + "where n.scope <> 'unit' or u.num is not null",
      """
      insert into act_hi_actinst (id_, parent_act_inst_id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_,
        execution_id_, act_id_, task_id_, act_name_, act_type_, assignee_, start_time_, end_time_, duration_, act_inst_state_,
        sequence_counter_, removal_time_)
      select ai_full, parent_id, 'closed-loop-issue', :procDefId, pi, pi, exec_id, act_id, task_id, act_name,
        act_type, assignee, s_time, e_time, (extract(epoch from e_time - s_time) * 1000)::bigint, state, seq + u * 10, ended""" + RM + """
      from seed_a order by num, seq, u
      """,
      """
      insert into act_hi_taskinst (id_, task_def_key_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_,
        execution_id_, act_inst_id_, name_, assignee_, start_time_, end_time_, duration_, delete_reason_, priority_, due_date_,
        removal_time_, task_state_)
      select task_id, act_id, 'closed-loop-issue', :procDefId, pi, pi, exec_id, ai_full, act_name, assignee,
        s_time, e_time, (extract(epoch from e_time - s_time) * 1000)::bigint, 'completed', 50, due, ended""" + RM + """
      , 'Completed'
      from seed_a where task_id is not null order by num, seq, u
      """,
      // process variables with primitive values (what the process sets, in the order it sets them)
      """
      insert into act_hi_varinst (id_, proc_def_key_, proc_def_id_, root_proc_inst_id_, proc_inst_id_, execution_id_,
        act_inst_id_, name_, var_type_, create_time_, rev_, long_, text_, state_, removal_time_)
      select """ + id("1280 + v.o * 2 + coalesce(u.u, 0)") + """
      , 'closed-loop-issue', :procDefId, p.pi, p.pi,
        case when v.unit then """ + id("768 + coalesce(u.u, 0)") + " else p.pi end, case when v.unit then " + id("768 + coalesce(u.u, 0)")
          + """
       else p.pi end, v.name, v.type,
        (case v.t when 'created' then p.created when 't_triage' then p.t_triage when 't_analysis' then p.t_analysis
          when 't_resolve' then p.t_resolve - coalesce(u.u, 0) * interval '1 hour' when 't_verified' then p.t_verified
          else p.t_closed end) + v.o * interval '1 millisecond',
        case when v.unit and v.name in ('outcome', 'actionsTaken') then 1 else 0 end,
        case v.name when 'actionNumber' then p.action when 'taskNumber' then p.task
          when 'resolutionDue' then (extract(epoch from p.due) * 1000)::bigint when 'needsPolicy' then 0
          when 'typicalCase' then case when p.typical then 1 else 0 end end,
        case v.name when 'initiator' then p.reporter when 'title' then left('历史问题 ' || p.num || '：' || p.task_title, 200)
          when 'problemKey' then p.key when 'reporterGroup' then 'unit-' || p.reporter when 'leadUnitGroup' then 'unit-' || p.lead
          when 'suggestedCategory' then p.suggested when 'actionNumber' then p.action::text when 'taskNumber' then p.task::text
          when 'workingGroup' then p.wg when 'triageDecision' then case p.path when 'CLOSED' then 'ACCEPT' else 'REJECT' end
          when 'rejectReason' then '不属于本专项职责' when 'category' then p.category when 'analysisGroup' then p.ag
          when 'leadUnit' then p.lead when 'measures' then '建立专班周调度' when 'resolutionDeadline' then to_char(p.due, 'YYYY-MM-DD')
          when 'rootCause' then '审批环节多、协调不畅' when 'verificationDecision' then 'CONFIRMED'
          when 'satisfaction' then p.satisfaction::text when 'lessons' then '提前协调' when 'resolvingUnit' then u.unit
          when 'outcome' then 'RESOLVED' when 'actionsTaken' then '已按计划办理' end,
        v.state, p.ended""" + RM + """
      from seed_p p join (values
          (1, 'initiator', 'string', 'created', 'ALL', false, 'CREATED'), (2, 'title', 'string', 'created', 'ALL', false, 'CREATED'),
          (3, 'problemKey', 'string', 'created', 'ALL', false, 'CREATED'), (4, 'reporterGroup', 'string', 'created', 'ALL', false, 'CREATED'),
          (5, 'possibleDuplicateOf', 'null', 'created', 'ALL', false, 'CREATED'),
          (6, 'leadUnitGroup', 'string', 'created', 'ALL', false, 'CREATED'),
          (7, 'suggestedCategory', 'string', 'created', 'ALL', false, 'CREATED'),
          (8, 'actionNumber', 'integer', 'created', 'ALL', false, 'CREATED'), (9, 'taskNumber', 'integer', 'created', 'ALL', false, 'CREATED'),
          (10, 'workingGroup', 'string', 'created', 'ALL', false, 'CREATED'),
          (11, 'rejectReason', 'string', 't_triage', 'REJECTED', false, 'CREATED'),
          (12, 'triageDecision', 'string', 't_triage', 'ALL', false, 'CREATED'),
          (13, 'category', 'string', 't_triage', 'CLOSED', false, 'CREATED'),
          (14, 'analysisGroup', 'string', 't_triage', 'CLOSED', false, 'CREATED'),
          (15, 'leadUnit', 'string', 't_analysis', 'CLOSED', false, 'CREATED'),
          (16, 'measures', 'string', 't_analysis', 'CLOSED', false, 'DELETED'),
          (17, 'resolutionDeadline', 'string', 't_analysis', 'CLOSED', false, 'CREATED'),
          (18, 'rootCause', 'string', 't_analysis', 'CLOSED', false, 'DELETED'),
          (19, 'resolutionDue', 'date', 't_analysis', 'CLOSED', false, 'CREATED'),
          (20, 'needsPolicy', 'boolean', 't_analysis', 'CLOSED', false, 'CREATED'),
          (21, 'resolvingUnit', 'string', 't_analysis', 'CLOSED', true, 'CREATED'),
          (22, 'outcome', 'string', 't_resolve', 'CLOSED', true, 'CREATED'),
          (23, 'actionsTaken', 'string', 't_resolve', 'CLOSED', true, 'CREATED'),
          (24, 'verificationDecision', 'string', 't_verified', 'CLOSED', false, 'CREATED'),
          (25, 'satisfaction', 'string', 't_closed', 'CLOSED', false, 'CREATED'),
          (26, 'lessons', 'string', 't_closed', 'CLOSED', false, 'DELETED'),
          (27, 'typicalCase', 'boolean', 't_closed', 'CLOSED', false, 'CREATED')
        ) as v(o, name, type, t, path, unit, state) on v.path in ('ALL', p.path)
        left join seed_u u on v.unit and u.num = p.num
      where not v.unit or u.num is not null
      order by p.num, v.o, u.u
      """,
      // per-instance grants: historic process instance READ (Bihuan's grantRead), historic task READ (Camunda's)
      """
      insert into act_ru_authorization (id_, rev_, type_, group_id_, user_id_, resource_type_, resource_id_, perms_,
        removal_time_, root_proc_inst_id_)
      select g.id_, 1, 1, g.grp, g.usr, g.rt, g.res, 2, g.rm, g.root from (
        select """ + id("1536") + " as id_, 'unit-' || p.reporter as grp, null as usr, 20 as rt, p.pi as res, null::timestamp as rm,"
          + """
       null as root, p.num, 0 as o from seed_p p
        union all select """ + id("1537") + ", p.wg, null, 20, p.pi, null, null, p.num, 1 from seed_p p where 'unit-' || p.reporter <> p.wg"
          + """

        union all select """ + id("1538") + ", p.ag, null, 20, p.pi, p.ended" + RM + """
      , p.pi, p.num, 2 from seed_p p
          where p.path = 'CLOSED' and p.ag not in ('unit-' || p.reporter, p.wg)
        union all select """ + id("1539 + u.u") + ", 'unit-' || u.unit, null, 20, p.pi, p.ended" + RM + """
      , p.pi, p.num, 3 + u.u
          from seed_p p join seed_u u using (num) where 'unit-' || u.unit not in ('unit-' || p.reporter, p.ag)
        union all select """ + id("1552 + (a.seq + a.u) * 2") + ", a.cand_group, null, 19, a.task_id, a.ended" + RM + """
      , a.pi, a.num, 10 + a.seq * 2 + a.u
          from seed_a a join seed_p p using (num) where a.task_id is not null
        union all select """ + id("1553 + (a.seq + a.u) * 2") + ", null, a.assignee, 19, a.task_id, a.ended" + RM + """
      , a.pi, a.num, 11 + a.seq * 2 + a.u
          from seed_a a join seed_p p using (num) where a.task_id is not null
      ) g order by g.num, g.o
      on conflict do nothing
      """);

  // comparison with the real process -----------------------------------------------------------------

  /**
   * Per table: rows per closed problem and the columns filled (non-null in some row), for the
   * problems the real process closed and for the bulk-loaded ones, as a Markdown table.
   */
  public static String compareShapes(Connection c) throws SQLException {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("bihuan.problem", "process_instance_id");
    tables.put("bihuan.problem_unit", null);
    tables.put("bihuan.lifecycle_event", null);
    tables.put("public.act_hi_procinst", "proc_inst_id_");
    tables.put("public.act_hi_actinst", "proc_inst_id_");
    tables.put("public.act_hi_taskinst", "proc_inst_id_");
    tables.put("public.act_hi_varinst", "proc_inst_id_");
    tables.put("public.act_ru_authorization", "root_or_resource");
    StringBuilder out = new StringBuilder();
    out.append("Bulk rows against the real process (closed problems only; rows per problem, columns filled in some row):\n\n");
    out.append("| table | rows/problem real | rows/problem bulk | columns only the real process fills | columns only the bulk load fills |\n");
    out.append("|---|---|---|---|---|\n");
    for (Map.Entry<String, String> t : tables.entrySet()) {
      String[] realAndBulk = new String[2];
      List<TreeSet<String>> filled = new ArrayList<>();
      for (int bulk = 0; bulk < 2; bulk++) {
        String problems = "select key, process_instance_id from bihuan.problem where stage in ('CLOSED', 'REJECTED') and "
            + "process_instance_id " + (bulk == 1 ? "" : "not ") + "like '%-b0b0-8000-%'";
        String from;
        switch (t.getKey()) {
          case "bihuan.problem" -> from = "bihuan.problem x where x.key in (select key from (" + problems + ") q)";
          case "bihuan.problem_unit", "bihuan.lifecycle_event" ->
              from = t.getKey() + " x where x.problem_key in (select key from (" + problems + ") q)";
          case "public.act_ru_authorization" -> from = t.getKey() + " x where x.resource_type_ in (19, 20) and "
              + "coalesce(x.root_proc_inst_id_, x.resource_id_) in (select process_instance_id from (" + problems + ") q)";
          default -> from = t.getKey() + " x where x.proc_inst_id_ in (select process_instance_id from (" + problems + ") q)";
        }
        List<String> columns = new ArrayList<>();
        String[] st = t.getKey().split("\\.");
        try (PreparedStatement ps = c.prepareStatement(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position")) {
          ps.setString(1, st[0]);
          ps.setString(2, st[1]);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              columns.add(rs.getString(1));
            }
          }
        }
        StringBuilder q = new StringBuilder("select count(*), (select count(*) from (" + problems + ") q)");
        for (String col : columns) {
          q.append(", count(x.").append(col).append(")");
        }
        q.append(" from ").append(from);
        TreeSet<String> set = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q.toString())) {
          rs.next();
          realAndBulk[bulk] = String.format("%.2f", rs.getLong(1) / (double) Math.max(1, rs.getLong(2)));
          for (int i = 0; i < columns.size(); i++) {
            if (rs.getLong(3 + i) > 0) {
              set.add(columns.get(i));
            }
          }
        }
        filled.add(set);
      }
      TreeSet<String> onlyReal = new TreeSet<>(filled.get(0));
      onlyReal.removeAll(filled.get(1));
      TreeSet<String> onlyBulk = new TreeSet<>(filled.get(1));
      onlyBulk.removeAll(filled.get(0));
      out.append(String.format("| `%s` | %s | %s | %s | %s |%n", t.getKey(), realAndBulk[0], realAndBulk[1],
          onlyReal.isEmpty() ? "—" : String.join(", ", onlyReal), onlyBulk.isEmpty() ? "—" : String.join(", ", onlyBulk)));
    }
    return out.toString();
  }
}
