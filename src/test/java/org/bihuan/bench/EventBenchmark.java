package org.bihuan.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bihuan.BihuanApplication;
import org.bihuan.catalog.Catalog.Target;
import org.bihuan.catalog.CatalogService;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Category;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.Problems;
import org.bihuan.support.LoopDriver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * End-to-end benchmark of issue 5 (see docs/benchmarks.md): a real KRaft broker and Bihuan
 * in-process on a PostgreSQL database of its own; the same event mix through a naive record-at-a-
 * time integration and through Bihuan's batch listener; throughput, event→commit latency, SQL per
 * event, heap, and the correctness check (applied = produced − duplicates − bad, dead-lettered =
 * bad). Parameters are system properties {@code bench.*} (see {@link #main}).
 */
public final class EventBenchmark {

  // parameters ------------------------------------------------------------------------------------
  static final int EVENTS = Integer.getInteger("bench.events", 2000);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 2);
  static final int MAX_POLL_RECORDS = Integer.getInteger("bench.maxPollRecords", 500); // Bihuan's default
  static final int LATENCY_RATE = Integer.getInteger("bench.latencyRate", -1); // -1 auto, 0 skip
  static final int LATENCY_SECONDS = Integer.getInteger("bench.latencySeconds", 20);
  static final boolean NAIVE_LATENCY = Boolean.getBoolean("bench.naiveLatency");
  static final int PHASE_TIMEOUT = Integer.getInteger("bench.phaseTimeoutSeconds", 900);
  static final String PG = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/");
  static final String PG_USER = System.getProperty("bench.pgUser", "postgres");
  static final String PG_PASSWORD = System.getProperty("bench.pgPassword", "");
  static final String DB = System.getProperty("bench.db", "bihuan_bench");
  static final boolean KEEP_DB = Boolean.getBoolean("bench.keepDb");
  static final String REPORT = System.getProperty("bench.report", "docs/benchmarks.md");
  /** Bihuan's consumer group: {@code spring.kafka.consumer.group-id} (the listener sets idIsGroup=false). */
  static final String BIHUAN_GROUP = "bihuan";

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Integer>> deadLetters = new ConcurrentHashMap<>(); // phase prefix -> reason -> n
  private final List<String> phasePrefixes = Collections.synchronizedList(new ArrayList<>());
  private final BenchSupport.HeapSampler heap = new BenchSupport.HeapSampler(200);
  private volatile boolean stopping;

  private EmbeddedKafkaKraftBroker broker;
  private String bootstrap;
  private ConfigurableApplicationContext app;
  private AdminClient admin;
  private KafkaProducer<String, String> producer;
  private Workload.Event lastBad;
  private String reporter;
  private String lead;
  private List<String> indicatorCodes;

  /** The result of one phase. */
  record Result(String name, String mode, int rate, int produced, int expected, int duplicates, int bad, long committed,
      int deadLettered, Map<String, Integer> deadLetterReasons, Map<String, Integer> inboxStatus, double seconds,
      double eventsPerSecond, Histogram latency, JdbcMetrics.Snapshot sql, Map<String, Long> pgStats, long peakHeapBytes,
      long gcMillis, double cpuShare, double machineCpuShare, long retriesOrRollbacks, String correctness,
      boolean correct) {}

  public static void main(String[] args) throws Exception {
    EventBenchmark bench = new EventBenchmark();
    int status = 1;
    try {
      status = bench.execute();
    } finally {
      bench.close();
    }
    System.exit(status);
  }

  private int execute() throws Exception {
    log("run %s: %d events per phase, listener concurrency %d, database %s", run, EVENTS, CONCURRENCY, DB);
    BenchSupport.recreateDatabase(PG, PG_USER, PG_PASSWORD, DB);
    startBroker();
    startApp();
    startObservers();
    CatalogService catalog = app.getBean(CatalogService.class);
    LoopDriver loop = app.getBean(LoopDriver.class);
    reporter = loop.unitCode("区住建委");
    lead = loop.unitCode("区发改委");
    indicatorCodes = catalog.targets().stream().map(Target::code).toList();

    List<Result> results = new ArrayList<>();
    Result naive = phase("naive", "naive", EVENTS, 0);
    results.add(naive);
    Result bihuan = phase("bihuan", "bihuan", EVENTS, 0);
    results.add(bihuan);
    int rate = LATENCY_RATE >= 0 ? LATENCY_RATE
        : (int) Math.max(10, Math.min(1000, Math.floor(bihuan.eventsPerSecond() * 0.7 / 10) * 10));
    if (rate > 0) {
      results.add(phase("bihuan-rate", "bihuan", rate * LATENCY_SECONDS, rate));
      if (NAIVE_LATENCY) {
        results.add(phase("naive-rate", "naive", rate * LATENCY_SECONDS, rate));
      }
    }
    String table = report(results, naive, bihuan);
    System.out.println(table);
    BenchSupport.appendReport(REPORT, table);
    return results.stream().allMatch(Result::correct) ? 0 : 2;
  }

  // set-up ----------------------------------------------------------------------------------------

  private Connection db() throws SQLException {
    return DriverManager.getConnection(PG + DB, PG_USER, PG_PASSWORD);
  }

  private void startBroker() {
    broker = BenchSupport.startBroker();
    bootstrap = broker.getBrokersAsString();
    admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap));
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private void startApp() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("spring.datasource.url", PG + DB);
    props.put("spring.datasource.username", PG_USER);
    props.put("spring.datasource.password", PG_PASSWORD);
    props.put("spring.kafka.bootstrap-servers", bootstrap);
    props.put("spring.kafka.listener.auto-startup", "false"); // the benchmark starts Bihuan's listener per phase
    props.put("bihuan.embedded-postgres.enabled", "false");
    props.put("bihuan.events.embedded-broker", "false");
    props.put("bihuan.events.concurrency", String.valueOf(CONCURRENCY));
    props.put("spring.kafka.consumer.max-poll-records", String.valueOf(MAX_POLL_RECORDS));
    props.put("server.port", "0");
    props.put("logging.level.root", "warn");
    props.put("logging.level.org.bihuan.bench", "info");
    props.put("spring.main.banner-mode", "off");
    long start = System.nanoTime();
    String[] args = BenchSupport.arguments(props);
    app = new SpringApplicationBuilder(BihuanApplication.class)
        .profiles("demo")
        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
          @Override
          public Object postProcessAfterInitialization(Object bean, String name) {
            return bean instanceof DataSource ds && name.equals("dataSource") ? JdbcMetrics.INSTANCE.wrap(ds) : bean;
          }
        }))
        .run(args);
    log("Bihuan started on port %s in %.1f s (profile demo, database %s, JDBC counted by the benchmark)",
        app.getEnvironment().getProperty("local.server.port"), (System.nanoTime() - start) / 1e9, DB);
    log("effective: bihuan.events.concurrency=%s, max-poll-records=%s", app.getEnvironment().getProperty("bihuan.events.concurrency"),
        app.getEnvironment().getProperty("spring.kafka.consumer.max-poll-records"));
  }

  /** Reads every dead-letter topic for the whole run; samples the heap. */
  private void startObservers() {
    Thread dlt = new Thread(() -> {
      Map<String, Object> props = new HashMap<>();
      props.put("bootstrap.servers", bootstrap);
      props.put("group.id", "bench-dlt-observer-" + run);
      props.put("auto.offset.reset", "earliest");
      props.put("metadata.max.age.ms", "1000");
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(java.util.regex.Pattern.compile("bihuan\\..*\\.DLT"));
        while (!stopping) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            String phase = null;
            for (String p : List.copyOf(phasePrefixes)) {
              if ((r.key() != null && r.key().startsWith(p + "-")) || (r.value() != null && r.value().contains("\"" + p + "-"))) {
                phase = p;
              }
            }
            Header h = r.headers().lastHeader("bihuan-dlt-reason");
            String reason = h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
            deadLetters.computeIfAbsent(phase == null ? "other" : phase, k -> new ConcurrentHashMap<>()).merge(reason, 1, Integer::sum);
          }
        }
      }
    }, "bench-dlt-observer");
    dlt.setDaemon(true);
    dlt.start();
  }

  // preparation -----------------------------------------------------------------------------------

  /** Problems filed by 区住建委 and walked to RESOLUTION with 区发改委 as the resolving unit. */
  private List<String> prepare(int count, String prefix) throws Exception {
    Problems problems = app.getBean(Problems.class);
    LoopDriver loop = app.getBean(LoopDriver.class);
    TransactionTemplate tx = app.getBean(TransactionTemplate.class);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, CONCURRENCY));
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ref = reporter + ":" + prefix + "-prep-" + i;
      futures.add(pool.submit(() -> {
        String key = tx.execute(s -> problems.file(new NewProblem("压测预置问题 " + ref, "为压测准备的处于办理阶段的问题。", 2, 4, reporter,
            Category.COORDINATION, ref), "EVENT", "kafka:" + reporter, List.of(Groups.unit(reporter), Groups.EVENT_GATEWAY)));
        loop.complete("wg02", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
        String analyst = LoopDriver.userOf(loop.candidateGroups(key, "userTask_analyse").get(0));
        Map<String, Object> analysis = new HashMap<>();
        analysis.put("rootCause", "审批慢");
        analysis.put("category", "EXECUTION");
        analysis.put("leadUnit", lead);
        analysis.put("coUnits", List.of());
        analysis.put("measures", "专班推进");
        analysis.put("resolutionDeadline", LocalDate.now().plusDays(20).toString());
        analysis.put("needsPolicy", false);
        loop.complete(analyst, key, "userTask_analyse", analysis);
        return key;
      }));
    }
    List<String> keys = new ArrayList<>();
    for (Future<String> f : futures) {
      keys.add(f.get());
    }
    pool.shutdown();
    return keys;
  }

  // one phase -------------------------------------------------------------------------------------

  private Result phase(String name, String mode, int total, int rate) throws Exception {
    String prefix = "bench-" + run + "-" + name;
    phasePrefixes.add(prefix);
    int[] need = Workload.preparedFor(total);
    long prepStart = System.nanoTime();
    List<String> prepared = prepare(need[0] + need[1], prefix);
    // planner statistics as autovacuum keeps them in a running system (the tables grew from empty)
    try (Connection c = db(); Statement s = c.createStatement()) {
      s.execute("analyze");
    }
    log("[%s] prepared %d problems in RESOLUTION in %.1f s (not measured)", name, prepared.size(),
        (System.nanoTime() - prepStart) / 1e9);
    List<Workload.Event> events = new Workload(prefix, name.hashCode(), reporter, lead, indicatorCodes)
        .generate(total, prepared.subList(0, need[0]), prepared.subList(need[0], prepared.size()));
    Set<String> expected = events.stream().filter(e -> !e.bad() && !e.duplicate()).map(Workload.Event::id)
        .collect(Collectors.toSet());
    int duplicates = (int) events.stream().filter(Workload.Event::duplicate).count();
    int bad = (int) events.stream().filter(Workload.Event::bad).count();
    Map<String, Long> mix = events.stream().collect(Collectors.groupingBy(e -> e.duplicate() ? "duplicate" : e.kind(),
        java.util.TreeMap::new, Collectors.counting()));
    log("[%s] %d records%s: %s", name, events.size(), rate > 0 ? " at " + rate + "/s" : " as fast as possible", mix);

    Map<TopicPartition, Long> start = endOffsets();
    JdbcMetrics.Snapshot sqlBefore = JdbcMetrics.INSTANCE.snapshot();
    Map<String, Long> pgBefore = pgStats();
    long gcBefore = BenchSupport.gcMillis();
    long cpuBefore = cpuNanos();
    long[] machineBefore = machineTicks();
    heap.reset();

    NaiveIntegration naive = null;
    MessageListenerContainer container = null;
    if (mode.equals("naive")) {
      naive = new NaiveIntegration(app, bootstrap, start, CONCURRENCY, producer);
    } else {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      start.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
      admin.alterConsumerGroupOffsets(BIHUAN_GROUP, offsets).all().get();
      container = app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("bihuan-inbound");
      container.start();
      long until = System.currentTimeMillis() + 30_000;
      while (container.getAssignedPartitions() == null || container.getAssignedPartitions().size() < start.size()) {
        if (System.currentTimeMillis() > until) {
          break;
        }
        sleep(50);
      }
    }
    String group = mode.equals("naive") ? NaiveIntegration.GROUP : BIHUAN_GROUP;

    long t0 = System.currentTimeMillis();
    Thread sender = new Thread(() -> send(events, rate), "bench-producer");
    sender.start();
    long lastPrint = t0;
    long lastCount = 0;
    long deadline = t0 + PHASE_TIMEOUT * 1000L;
    while (true) {
      sleep(250);
      long committed = expected.stream().filter(JdbcMetrics.INSTANCE.inboxCommits::containsKey).count();
      int dead = deadLetters.getOrDefault(prefix, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
      long now = System.currentTimeMillis();
      boolean done = !sender.isAlive() && committed >= expected.size() && dead >= bad;
      if (now - lastPrint >= 5000 || done) {
        System.out.printf("[%s] %5.1fs  sent %d/%d  applied %d/%d  dead-lettered %d/%d  %6.0f ev/s  lag %d  heap %d MB%n",
            name, (now - t0) / 1000.0, Math.min(events.size(), sentCount(prefix)), events.size(), committed, expected.size(), dead,
            bad, (committed - lastCount) * 1000.0 / Math.max(1, now - lastPrint), lag(group, start.keySet()),
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
        lastPrint = now;
        lastCount = committed;
      }
      if (done || now > deadline) {
        break;
      }
    }
    sender.join();
    if (naive != null) {
      naive.close();
    } else {
      container.stop();
    }
    long cpuAfter = cpuNanos();
    long[] machineAfter = machineTicks();
    long gcAfter = BenchSupport.gcMillis();
    JdbcMetrics.Snapshot sql = JdbcMetrics.INSTANCE.snapshot().minus(sqlBefore);
    sleep(1200); // PostgreSQL flushes its statistics at most once a second per backend
    Map<String, Long> pg = diff(pgStats(), pgBefore);

    Histogram latency = new Histogram(3_600_000L, 3);
    long first = Long.MAX_VALUE;
    long last = 0;
    long committed = 0;
    for (String id : expected) {
      Long sent = sentAt.get(id);
      Long at = JdbcMetrics.INSTANCE.inboxCommits.get(id);
      if (sent != null) {
        first = Math.min(first, sent);
      }
      if (at != null && sent != null) {
        committed++;
        last = Math.max(last, at);
        latency.recordValue(Math.max(0, Math.min(3_600_000L, at - sent)));
      }
    }
    double seconds = Math.max(0.001, (last - first) / 1000.0);
    Map<String, Integer> reasons = new java.util.TreeMap<>(deadLetters.getOrDefault(prefix, Map.of()));
    int dead = reasons.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Integer> inbox = inboxStatus(prefix);
    int applied = inbox.getOrDefault("APPLIED", 0);
    int produced = events.size();
    boolean correct = applied == produced - duplicates - bad && committed == expected.size() && dead == bad
        && inbox.keySet().stream().allMatch("APPLIED"::equals);
    String correctness = String.format("applied %d = produced %d − duplicates %d − bad %d (%d): %s; dead-lettered %d = bad %d: %s%s",
        applied, produced, duplicates, bad, produced - duplicates - bad, applied == produced - duplicates - bad ? "yes" : "NO",
        dead, bad, dead == bad ? "yes" : "NO", inbox.size() > 1 ? "; inbox " + inbox : "");
    long retries = naive != null ? naive.retries.sum() : sql.rollbacks();
    double cpuShare = (cpuAfter - cpuBefore) / 1e9 / ((System.currentTimeMillis() - t0 - 1200) / 1000.0)
        / Runtime.getRuntime().availableProcessors();
    Result result = new Result(name, mode, rate, produced, expected.size(), duplicates, bad, committed, dead, reasons, inbox,
        seconds, produced / seconds, latency, sql, pg, heap.peak(), gcAfter - gcBefore, cpuShare,
        share(machineBefore, machineAfter), retries, correctness, correct);
    log("[%s] %.0f events/s over %.1f s; latency p50 %d p95 %d p99 %d max %d ms; %s", name, result.eventsPerSecond(), seconds,
        latency.getValueAtPercentile(50), latency.getValueAtPercentile(95), latency.getValueAtPercentile(99), latency.getMaxValue(),
        correctness);
    return result;
  }

  private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

  private long sentCount(String prefix) {
    return sent.getOrDefault(prefix, new AtomicLong()).get();
  }

  /** Publishes the events: all at once, or {@code rate} per second in 10 ms steps. */
  private void send(List<Workload.Event> events, int rate) {
    String prefix = phasePrefixes.get(phasePrefixes.size() - 1);
    AtomicLong counter = sent.computeIfAbsent(prefix, k -> new AtomicLong());
    long start = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleep(Math.max(1, wait / 1_000_000));
        }
      }
      Workload.Event e = events.get(i);
      long now = System.currentTimeMillis();
      if (e.id() != null && !e.duplicate()) {
        sentAt.putIfAbsent(e.id(), now);
      }
      producer.send(new ProducerRecord<>(e.topic(), null, now, e.key(), e.value()));
      counter.incrementAndGet();
    }
    producer.flush();
  }

  // measurements ----------------------------------------------------------------------------------

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String topic : Workload.TOPICS) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all().get().entrySet()) {
      offsets.put(e.getKey(), e.getValue().offset());
    }
    return offsets;
  }

  private long lag(String group, Set<TopicPartition> partitions) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> end = endOffsets();
      long lag = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        lag += end.get(tp) - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }

  private Map<String, Long> pgStats() {
    Map<String, Long> stats = new LinkedHashMap<>();
    try (Connection c = db(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched,"
            + " blks_read, blks_hit from pg_stat_database where datname = current_database()")) {
      rs.next();
      for (String col : List.of("xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted", "tup_fetched",
          "blks_read", "blks_hit")) {
        stats.put(col, rs.getLong(col));
      }
    } catch (SQLException e) {
      log("pg_stat_database unavailable: %s", e.getMessage());
    }
    return stats;
  }

  private static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
    return d;
  }

  private Map<String, Integer> inboxStatus(String prefix) throws SQLException {
    Map<String, Integer> status = new java.util.TreeMap<>();
    try (Connection c = db(); var ps = c.prepareStatement(
        "select status, count(*) from bihuan.inbox_event where id like ? group by status")) {
      ps.setString(1, prefix + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          status.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return status;
  }

  /** Busy and total jiffies of the whole machine ({@code /proc/stat}); zeros where it is absent. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }

  private static double share(long[] before, long[] after) {
    long total = after[1] - before[1];
    return total <= 0 ? Double.NaN : (after[0] - before[0]) / (double) total;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  // report ----------------------------------------------------------------------------------------

  private String report(List<Result> results, Result naive, Result bihuan) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("### Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 19))
        .append(" (run id ").append(run).append(")\n\n");
    out.append(machine()).append("\n");
    out.append(String.format("Parameters: `bench.events=%d` per phase, listener concurrency %d, max.poll.records %d, `-Xmx` %d MiB, "
        + "history level FULL, Bihuan's defaults otherwise (Hikari pool 10, pgjdbc reWriteBatchedInserts).%n%n", EVENTS,
        CONCURRENCY, MAX_POLL_RECORDS, Runtime.getRuntime().maxMemory() >> 20));
    out.append("| | ").append(results.stream().map(Result::name).collect(Collectors.joining(" | "))).append(" |\n");
    out.append("|---|").append("---|".repeat(results.size())).append("\n");
    row(out, results, "mode", r -> r.mode() + (r.rate() > 0 ? " at " + r.rate() + "/s" : ", as fast as possible"));
    row(out, results, "records produced", r -> String.valueOf(r.produced()));
    row(out, results, "**events/s** (first record → last effect committed)", r -> String.format("**%.0f**", r.eventsPerSecond()));
    row(out, results, "event→commit p50 / p95 / p99 / max (ms)", r -> String.format("%d / %d / %d / %d",
        r.latency().getValueAtPercentile(50), r.latency().getValueAtPercentile(95), r.latency().getValueAtPercentile(99),
        r.latency().getMaxValue()));
    row(out, results, "transactions committed per event", r -> per(r.sql().commits(), r.expected()));
    row(out, results, "SQL statements per event", r -> per(r.sql().statements(), r.expected()));
    row(out, results, "round trips per event", r -> per(r.sql().roundTrips(), r.expected()));
    row(out, results, "rows written per event (JDBC update counts)", r -> per(r.sql().rows(), r.expected()));
    row(out, results, "rows ins+upd+del per event (pg_stat_database)", r -> per(
        r.pgStats().getOrDefault("tup_inserted", 0L) + r.pgStats().getOrDefault("tup_updated", 0L)
            + r.pgStats().getOrDefault("tup_deleted", 0L), r.expected()));
    row(out, results, "time in JDBC calls per event (ms)", r -> String.format("%.2f", r.sql().jdbcNanos() / 1e6 / r.expected()));
    row(out, results, "rollbacks / retries", r -> String.valueOf(r.retriesOrRollbacks()));
    row(out, results, "process CPU (share of all cores)", r -> String.format("%.0f %%", r.cpuShare() * 100));
    row(out, results, "machine CPU busy (PostgreSQL + this JVM + the rest)",
        r -> String.format("%.0f %%", r.machineCpuShare() * 100));
    row(out, results, "peak heap (MB) / GC time (ms)", r -> (r.peakHeapBytes() >> 20) + " / " + r.gcMillis());
    row(out, results, "dead-lettered (reasons)", r -> r.deadLettered() + " " + r.deadLetterReasons());
    row(out, results, "correct", r -> r.correct() ? "yes" : "**NO**");
    out.append("\n");
    out.append(String.format("**Bihuan / naive: %.2f×** events/s (%.0f vs %.0f); SQL statements per event %s vs %s; "
        + "transactions per event %s vs %s.%n%n", bihuan.eventsPerSecond() / naive.eventsPerSecond(), bihuan.eventsPerSecond(),
        naive.eventsPerSecond(), per(bihuan.sql().statements(), bihuan.expected()), per(naive.sql().statements(), naive.expected()),
        per(bihuan.sql().commits(), bihuan.expected()), per(naive.sql().commits(), naive.expected())));
    out.append("Correctness:\n\n");
    for (Result r : results) {
      out.append("- ").append(r.name()).append(": ").append(r.correctness()).append("\n");
    }
    out.append(String.format("%nProcess peak RSS (broker + Bihuan + generator in one JVM): %s.%n%n", BenchSupport.rss()));
    for (Result r : List.of(naive, bihuan)) {
      out.append("Statements per event, ").append(r.name()).append(" (top 25 by count; count, rows written, JDBC ms per event):\n\n");
      out.append("| statement | per event | rows/event | ms/event |\n|---|---|---|---|\n");
      r.sql().shapes().entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
          .limit(25)
          .forEach(e -> out.append(String.format("| `%s` | %.2f | %.2f | %.3f |%n", e.getKey(),
              e.getValue()[0] / (double) r.expected(), e.getValue()[1] / (double) r.expected(), e.getValue()[2] / 1e6 / r.expected())));
      out.append("\n");
    }
    return out.toString();
  }

  private interface Cell {
    String of(Result r) throws Exception;
  }

  private static void row(StringBuilder out, List<Result> results, String label, Cell cell) throws Exception {
    out.append("| ").append(label).append(" |");
    for (Result r : results) {
      out.append(" ").append(cell.of(r)).append(" |");
    }
    out.append("\n");
  }

  private static String per(long n, long events) {
    return String.format("%.2f", n / (double) Math.max(1, events));
  }

  private String machine() {
    String pg = "?";
    try (Connection c = db(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("select version(), current_setting('shared_buffers'), current_setting('synchronous_commit'),"
          + " current_setting('max_wal_size')");
      rs.next();
      pg = rs.getString(1).replaceAll(" on .*", "") + " (shared_buffers " + rs.getString(2) + ", synchronous_commit "
          + rs.getString(3) + ", max_wal_size " + rs.getString(4) + ", local TCP)";
    } catch (SQLException e) {
      // reported as ?
    }
    return String.format("Machine: %s; %s; %s; Kafka: single in-process KRaft broker (spring-kafka-test), 6 partitions "
        + "per topic.%n", BenchSupport.cpuAndMemory(), pg, BenchSupport.java());
  }

  private void close() {
    stopping = true;
    try {
      if (app != null) {
        app.close();
      }
    } catch (RuntimeException e) {
      log("app did not stop cleanly: %s", e.getMessage());
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (broker != null) {
      broker.destroy();
    }
    heap.close();
    if (!KEEP_DB) {
      BenchSupport.dropDatabase(PG, PG_USER, PG_PASSWORD, DB);
    }
  }

  private static void log(String format, Object... args) {
    BenchSupport.log(format, args);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
