package org.bihuan.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.bihuan.BihuanApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * API latency as history grows (issue 5, see docs/benchmarks.md): Bihuan in-process on a database
 * of its own, a sample of problems pushed through the real process, then closed problems
 * bulk-loaded by {@link HistorySeeder} in steps; at the baseline (sample only) and after every step
 * the three endpoints are measured with authenticated HTTP clients:
 * <ul>
 *   <li>{@code GET /api/problems/{key}} as the auditor, random keys over the whole history;
 *   <li>{@code GET /api/problems?…} as a unit's staff (visibility filter), rotating filters and pages;
 *   <li>{@code GET /engine-rest/task?candidateGroup=unit-<code>…} as that unit's staff (Camunda's
 *       task query with authorization checks), sorted by creation like Tasklist.
 * </ul>
 * Parameters are system properties {@code bench.*} (see the table in docs/benchmarks.md).
 */
public final class ApiLatencyBenchmark {

  static final boolean QUICK = Boolean.getBoolean("bench.quick");
  static final String SIZES = System.getProperty("bench.sizes", QUICK ? "5000,20000" : "100000,300000,1000000");
  static final int SAMPLE = Integer.getInteger("bench.sample", QUICK ? 60 : 200);
  static final int REQUESTS = Integer.getInteger("bench.requests", QUICK ? 200 : 1000);
  static final int WARMUP = Integer.getInteger("bench.warmup", QUICK ? 100 : 300);
  static final int BATCH = Integer.getInteger("bench.batch", 20_000);
  static final int SEED_THREADS = Integer.getInteger("bench.seedThreads", 2);
  static final String UNIT = System.getProperty("bench.unit", "qfgw");
  static final String PG = System.getProperty("bench.pg", "jdbc:postgresql://127.0.0.1:5432/");
  static final String PG_USER = System.getProperty("bench.pgUser", "postgres");
  static final String PG_PASSWORD = System.getProperty("bench.pgPassword", "");
  static final String DB = System.getProperty("bench.db", "bihuan_history");
  static final boolean KEEP_DB = Boolean.getBoolean("bench.keepDb");
  static final String REPORT = System.getProperty("bench.report", "docs/benchmarks.md");
  static final double TARGET_P95_MS = 200;
  /** Measure an existing database as it is (no sample, no seeding, no baseline); it is kept. */
  static final boolean REUSE_DB = Boolean.getBoolean("bench.reuseDb");
  static final int MAX_SECONDS = Integer.getInteger("bench.maxSecondsPerEndpoint", 120);
  static final long MIN_FREE_DISK = Long.getLong("bench.minFreeDiskGiB", 5) << 30;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final BenchSupport.HeapSampler heap = new BenchSupport.HeapSampler(100);
  private volatile boolean stopping;
  private EmbeddedKafkaKraftBroker broker;
  private ConfigurableApplicationContext app;
  private HttpClient http;
  private String base;

  /** Latencies of one endpoint at one history size. */
  record Measured(String endpoint, String who, Histogram latency, int errors, long bytes) {}

  /** One history size: the problems in the database then, how it was reached, its measurements. */
  record Step(long problems, long seeded, double seedSeconds, double analyzeSeconds, List<Measured> measured,
      long peakHeapBytes, long gcMillis) {}

  public static void main(String[] args) throws Exception {
    ApiLatencyBenchmark bench = new ApiLatencyBenchmark();
    int status = 1;
    try {
      status = bench.execute();
    } finally {
      bench.close();
    }
    System.exit(status);
  }

  private int execute() throws Exception {
    List<Long> sizes = SIZES.isBlank() ? List.of()
        : java.util.Arrays.stream(SIZES.split(",")).map(String::trim).map(Long::parseLong).sorted().toList();
    log("run %s: sample %d through the real process, history sizes %s, %d requests per endpoint (warm-up %d), database %s",
        run, SAMPLE, sizes, REQUESTS, WARMUP, DB);
    if (REUSE_DB) {
      broker = BenchSupport.startBroker();
      startApp();
      Step step = measure(problemCount(), 0, 0, 0);
      String report = report(List.of(step), 0, 0, "The database was measured as it was (`bench.reuseDb`): no sample, no "
          + "seeding and no baseline in this run.\n");
      System.out.println(report);
      BenchSupport.appendReport(REPORT, report);
      return 0;
    }
    BenchSupport.recreateDatabase(PG, PG_USER, PG_PASSWORD, DB);
    broker = BenchSupport.startBroker();
    startApp();

    long t = System.nanoTime();
    List<RealProcessSample.Filed> sample = new RealProcessSample(app, UNIT).run(SAMPLE, 2, 42);
    double sampleSeconds = (System.nanoTime() - t) / 1e9;
    log("sample: %d problems through the real process in %.1f s %s", sample.size(), sampleSeconds,
        sample.stream().collect(Collectors.groupingBy(RealProcessSample.Filed::target, Collectors.counting())));
    analyze();

    String shapes;
    try (Connection c = db()) {
      // a small bulk load next to the sample's closed problems: which columns each fills
      HistorySeeder.prepare(c, 7).seed(c, 200);
      shapes = HistorySeeder.compareShapes(c);
    }
    System.out.println(shapes);

    List<Step> steps = new ArrayList<>();
    steps.add(measure(problemCount(), 0, 0, 0));
    for (long size : sizes) {
      long have = problemCount();
      if (size <= have) {
        continue;
      }
      long s0 = System.nanoTime();
      long seeded = size - have;
      long from = have;
      HistorySeeder.seedParallel(() -> {
        try {
          return db();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, size, seeded, BATCH, SEED_THREADS, done -> {
        long free = freeDisk();
        log("seeded %,d / %,d (%.0f problems/s), %,d MB free on the database's disk", from + done, size,
            done / ((System.nanoTime() - s0) / 1e9), free >> 20);
        if (free < MIN_FREE_DISK) {
          throw new IllegalStateException("less than " + (MIN_FREE_DISK >> 30) + " GiB free on the database's disk: stopping");
        }
      });
      double seedSeconds = (System.nanoTime() - s0) / 1e9;
      double analyzeSeconds = analyze();
      steps.add(measure(problemCount(), seeded, seedSeconds, analyzeSeconds));
    }
    String report = report(steps, sample.size(), sampleSeconds, shapes);
    System.out.println(report);
    BenchSupport.appendReport(REPORT, report);
    return 0;
  }

  // set-up ----------------------------------------------------------------------------------------

  private Connection db() throws SQLException {
    return DriverManager.getConnection(PG + DB, PG_USER, PG_PASSWORD);
  }

  private void startApp() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("spring.datasource.url", PG + DB);
    props.put("spring.datasource.username", PG_USER);
    props.put("spring.datasource.password", PG_PASSWORD);
    props.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
    props.put("bihuan.embedded-postgres.enabled", "false");
    props.put("bihuan.events.embedded-broker", "false");
    props.put("server.port", "0");
    // the benchmark measures the API, not the rate limiter: its sequential requests exceed a user's limit
    props.put("bihuan.security.rate-limit.enabled", "false");
    props.put("logging.level.root", "warn");
    props.put("spring.main.banner-mode", "off");
    long start = System.nanoTime();
    app = new SpringApplicationBuilder(BihuanApplication.class).profiles("demo")
        .run(BenchSupport.arguments(props));
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    base = "http://127.0.0.1:" + port;
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    log("Bihuan started in %.1f s on %s (profile demo, database %s)", (System.nanoTime() - start) / 1e9, base, DB);
  }

  /** ANALYZE, as autovacuum would after a bulk change, so the planner knows the tables' sizes. */
  private double analyze() throws SQLException {
    long t = System.nanoTime();
    try (Connection c = db(); Statement s = c.createStatement()) {
      s.execute("analyze");
    }
    return (System.nanoTime() - t) / 1e9;
  }

  /** Free space where PostgreSQL keeps its data (same machine), or of the working directory. */
  private static long freeDisk() {
    try {
      Path data = Path.of(System.getProperty("bench.pgDataDir", "/var/lib/postgresql"));
      return Files.getFileStore(Files.exists(data) ? data : Path.of(".")).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private long problemCount() throws SQLException {
    try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from bihuan.problem")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // measurement -----------------------------------------------------------------------------------

  private Step measure(long problems, long seeded, double seedSeconds, double analyzeSeconds) throws Exception {
    List<String> keys = new ArrayList<>();
    long maxNumber;
    try (Connection c = db(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select key from bihuan.problem order by random() limit 5000")) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("select max(number) from bihuan.action")) {
        rs.next();
        maxNumber = rs.getLong(1);
      }
    }
    Random random = new Random(problems);
    String[] stages = {null, null, "RESOLUTION", "CLOSED", "ANALYSIS", null};
    IntFunction<String> listing = i -> {
      StringBuilder q = new StringBuilder("/api/problems?size=20&page=" + (i % 7 == 6 ? 1 + random.nextInt(20) : 0));
      String stage = stages[i % stages.length];
      if (stage != null) {
        q.append("&stage=").append(stage);
      }
      if (i % 4 == 1) {
        q.append("&action=").append(1 + random.nextInt((int) maxNumber));
      }
      if (i % 5 == 2) {
        q.append("&unit=").append(UNIT);
      }
      return q.toString();
    };
    IntFunction<String> detail = i -> "/api/problems/" + keys.get(random.nextInt(keys.size()));
    IntFunction<String> tasks = i -> "/engine-rest/task?candidateGroup=unit-" + UNIT
        + "&sortBy=created&sortOrder=desc&firstResult=" + (i % 5 == 4 ? 15 : 0) + "&maxResults=15";
    IntFunction<String> wgListing = i -> "/api/problems?size=20&page=0&action=2" + (i % 2 == 0 ? "" : "&stage=TRIAGE");

    heap.reset();
    long gc0 = BenchSupport.gcMillis();
    List<Measured> measured = new ArrayList<>();
    measured.add(endpoint("GET /api/problems/{key}", "auditor", detail));
    measured.add(endpoint("GET /api/problems?filters (unit's visibility)", UNIT, listing));
    measured.add(endpoint("GET /engine-rest/task?candidateGroup=unit-" + UNIT, UNIT, tasks));
    measured.add(endpoint("GET /api/problems?action=2 (working group)", "wg02", wgListing));
    Step step = new Step(problems, seeded, seedSeconds, analyzeSeconds, measured, heap.peak(), BenchSupport.gcMillis() - gc0);
    log("at %d problems: %s; peak heap %d MB", problems, measured.stream().map(m -> String.format(
        "%s p50/p95/p99/max %.1f/%.1f/%.1f/%.1f ms (%d requests)", m.endpoint(), m.latency().getValueAtPercentile(50) / 1000.0,
        m.latency().getValueAtPercentile(95) / 1000.0, m.latency().getValueAtPercentile(99) / 1000.0,
        m.latency().getMaxValue() / 1000.0, m.latency().getTotalCount())).collect(Collectors.joining("; ")),
        step.peakHeapBytes() >> 20);
    return step;
  }

  private Measured endpoint(String name, String user, IntFunction<String> path) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    Histogram h = new Histogram(60_000_000L, 3); // microseconds
    int errors = 0;
    long bytes = 0;
    long warmupEnd = System.nanoTime() + MAX_SECONDS * 250_000_000L; // a quarter of the cap at most
    long deadline = Long.MAX_VALUE;
    int measuredRequests = 0;
    for (int i = 0; i < WARMUP + REQUESTS; i++) {
      if (i < WARMUP && i >= 20 && System.nanoTime() > warmupEnd) {
        i = WARMUP;
      }
      if (i == WARMUP && deadline == Long.MAX_VALUE) {
        deadline = System.nanoTime() + MAX_SECONDS * 1_000_000_000L;
      }
      if (i >= WARMUP + 100 && System.nanoTime() > deadline) {
        log("%s: stopped after %d measured requests (bench.maxSecondsPerEndpoint %d)", name, measuredRequests, MAX_SECONDS);
        break;
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.apply(i))).header("Authorization", auth)
          .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).GET().build();
      long t = System.nanoTime();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long micros = (System.nanoTime() - t) / 1000;
      if (i < WARMUP) {
        continue;
      }
      if (response.statusCode() != 200) {
        errors++;
        if (errors <= 3) {
          log("%s as %s: %d %s", request.uri(), user, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
      }
      bytes += response.body().length;
      h.recordValue(Math.min(60_000_000L, micros));
      measuredRequests++;
    }
    return new Measured(name, user, h, errors, bytes / Math.max(1, measuredRequests));
  }

  // report ----------------------------------------------------------------------------------------

  private String report(List<Step> steps, int sample, double sampleSeconds, String shapes) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("### API latency run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 19))
        .append(" (run id ").append(run).append(")\n\n");
    out.append(machine()).append("\n");
    out.append(String.format((REUSE_DB ? "Parameters: the existing database as found (no sample, no seeding%.0s%.0s%.0s), " : "Parameters: sample %d problems through "
        + "the real process (%.1f s), history sizes %s, ") + "%d requests per "
        + "endpoint and size (at most %d s each) after %d warm-up requests, one client at a time, `-Xmx` %d MiB, seeding batch %d on %d connections.%n%n",
        sample, sampleSeconds, REUSE_DB ? "as found" : SIZES, REQUESTS, MAX_SECONDS, WARMUP, Runtime.getRuntime().maxMemory() >> 20, BATCH, SEED_THREADS));
    out.append("| problems in history | seeded (s) | endpoint | as | requests | p50 | p95 | p99 | max (ms) | errors | bytes/response |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Step s : steps) {
      boolean first = true;
      for (Measured m : s.measured()) {
        double p95 = m.latency().getValueAtPercentile(95) / 1000.0;
        out.append(String.format("| %s | %s | %s | %s | %d | %.1f | %s | %.1f | %.1f | %d | %d |%n",
            first ? String.format("%,d", s.problems()) + (s == steps.get(0) && !REUSE_DB ? " (baseline)" : "") : "",
            first ? (s.seeded() == 0 ? "—" : String.format("%,d in %.0f + analyze %.0f", s.seeded(), s.seedSeconds(), s.analyzeSeconds())) : "",
            m.endpoint(), m.who(), m.latency().getTotalCount(), m.latency().getValueAtPercentile(50) / 1000.0,
            p95 > TARGET_P95_MS ? String.format("**%.1f**", p95) : String.format("%.1f", p95),
            m.latency().getValueAtPercentile(99) / 1000.0, m.latency().getMaxValue() / 1000.0, m.errors(), m.bytes()));
        first = false;
      }
    }
    out.append("\n");
    Step base = steps.get(0);
    Step last = steps.get(steps.size() - 1);
    if (steps.size() > 1) {
    out.append(String.format("Growth of p95 from the baseline (%,d problems) to %,d problems: ", base.problems(), last.problems()));
    List<String> growth = new ArrayList<>();
    for (int i = 0; i < base.measured().size(); i++) {
      double b = base.measured().get(i).latency().getValueAtPercentile(95) / 1000.0;
      double l = last.measured().get(i).latency().getValueAtPercentile(95) / 1000.0;
      growth.add(String.format("%s %.1f → %.1f ms (%.2f×)", base.measured().get(i).endpoint(), b, l, l / b));
    }
    out.append(String.join("; ", growth)).append(".\n\n");
    }
    out.append("Peak used heap per step (sampled every 100 ms; measurement phase only) / GC time: ")
        .append(steps.stream().map(s -> String.format("%,d problems %d MB / %d ms", s.problems(), s.peakHeapBytes() >> 20,
            s.gcMillis())).collect(Collectors.joining("; ")))
        .append(String.format(". Peak used heap over the whole run: %d MB of %d MiB. Process peak RSS (broker + Bihuan + "
            + "clients in one JVM): %s.%n%n", heap.overall() >> 20, Runtime.getRuntime().maxMemory() >> 20, BenchSupport.rss()));
    out.append(shapes).append("\n");
    return out.toString();
  }

  private String machine() {
    String pg = "?";
    try (Connection c = db(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("select version(), current_setting('shared_buffers'), current_setting('work_mem'),"
          + " current_setting('random_page_cost'), pg_size_pretty(pg_database_size(current_database()))");
      rs.next();
      pg = rs.getString(1).replaceAll(" on .*", "") + " (shared_buffers " + rs.getString(2) + ", work_mem " + rs.getString(3)
          + ", random_page_cost " + rs.getString(4) + ", local TCP; database size at the end " + rs.getString(5) + ")";
    } catch (SQLException e) {
      // reported as ?
    }
    return String.format("Machine: %s; %s; %s.%n", BenchSupport.cpuAndMemory(), pg, BenchSupport.java());
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
    if (broker != null) {
      broker.destroy();
    }
    heap.close();
    if (!KEEP_DB) {
      BenchSupport.dropDatabase(PG, PG_USER, PG_PASSWORD, DB);
    }
  }

  static void log(String format, Object... args) {
    BenchSupport.log(format, args);
  }

}
