package org.bihuan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The events of one phase: a realistic mix of what departments send, keyed per problem (or per
 * indicator and period), with a few duplicates (the same record again, as after a producer or
 * replay retry) and a few bad records (malformed JSON, schema-invalid).
 *
 * <p>Events about existing problems go to problems prepared in stage RESOLUTION before the phase
 * (not measured): progress and escalation requests to one set, exactly one resolution to each
 * problem of another set — so no event can overtake another across topics and be parked, and
 * every valid event has its effect during the phase.
 */
final class Workload {

  static final String PROBLEM_REPORTED = "bihuan.problem-reported.v1";
  static final String PROGRESS = "bihuan.progress-reported.v1";
  static final String RESOLUTION = "bihuan.resolution-reported.v1";
  static final String ESCALATION = "bihuan.escalation-requested.v1";
  static final String INDICATOR = "bihuan.indicator-reported.v1";
  static final List<String> TOPICS = List.of(PROBLEM_REPORTED, PROGRESS, RESOLUTION, ESCALATION, INDICATOR,
      "bihuan.extension-requested.v1");

  /** One record to publish. {@code id} is null for a malformed record. */
  record Event(String kind, String topic, String key, String id, String value, boolean duplicate, boolean bad) {}

  /** The mix, in per cent of the phase's records. */
  static final int REPORTS = 30, PROGRESS_PCT = 35, INDICATORS = 15, RESOLUTIONS = 8, ESCALATIONS = 7, DUPLICATES = 3,
      BAD = 2;
  /** Progress reports and escalation requests per prepared problem. */
  static final int EVENTS_PER_PROBLEM = 20;

  /** How many problems in RESOLUTION a phase of {@code total} records needs: {resolution set, progress set}. */
  static int[] preparedFor(int total) {
    int resolutions = total * RESOLUTIONS / 100;
    int progressAndEscalation = total * (PROGRESS_PCT + ESCALATIONS) / 100;
    return new int[] {resolutions, Math.max(1, (progressAndEscalation + EVENTS_PER_PROBLEM - 1) / EVENTS_PER_PROBLEM)};
  }

  private final ObjectMapper json = new ObjectMapper();
  private final String prefix;
  private final Random random;
  private final String reporter;
  private final String lead;
  private final List<String> indicatorCodes;
  private int sequence;

  Workload(String prefix, long seed, String reporter, String lead, List<String> indicatorCodes) {
    this.prefix = prefix;
    this.random = new Random(seed);
    this.reporter = reporter;
    this.lead = lead;
    this.indicatorCodes = indicatorCodes;
  }

  /**
   * {@code total} records: the mix above, shuffled, duplicates after their original (same key, so
   * the same partition: the duplicate always comes second).
   */
  List<Event> generate(int total, List<String> resolutionProblems, List<String> progressProblems) {
    int duplicates = total * DUPLICATES / 100;
    int bad = Math.max(2, total * BAD / 100);
    int resolutions = Math.min(resolutionProblems.size(), total * RESOLUTIONS / 100);
    int escalations = total * ESCALATIONS / 100;
    int indicators = total * INDICATORS / 100;
    int reports = total * REPORTS / 100;
    int progress = total - duplicates - bad - resolutions - escalations - indicators - reports;
    List<Event> events = new ArrayList<>(total);
    for (int i = 0; i < reports; i++) {
      events.add(problemReported());
    }
    for (int i = 0; i < progress; i++) {
      events.add(progress(progressProblems.get(i % progressProblems.size())));
    }
    for (int i = 0; i < escalations; i++) {
      events.add(escalation(progressProblems.get(random.nextInt(progressProblems.size()))));
    }
    for (int i = 0; i < resolutions; i++) {
      events.add(resolution(resolutionProblems.get(i)));
    }
    for (int i = 0; i < indicators; i++) {
      events.add(indicator());
    }
    for (int i = 0; i < bad; i++) {
      events.add(i % 2 == 0 ? malformed() : schemaInvalid());
    }
    Collections.shuffle(events, random);
    // duplicates: re-insert copies of valid events somewhere after their original
    for (int i = 0; i < duplicates; i++) {
      int original;
      do {
        original = random.nextInt(events.size());
      } while (events.get(original).bad() || events.get(original).duplicate());
      Event e = events.get(original);
      int at = original + 1 + random.nextInt(events.size() - original);
      events.add(at, new Event(e.kind(), e.topic(), e.key(), e.id(), e.value(), true, false));
    }
    return events;
  }

  private String nextId() {
    return prefix + "-" + (++sequence);
  }

  private ObjectNode envelope(String type, String unit, String subject) {
    ObjectNode e = json.createObjectNode();
    e.put("specversion", "1.0");
    e.put("id", nextId());
    e.put("source", "/units/" + unit);
    e.put("type", type);
    e.put("time", OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString());
    e.put("datacontenttype", "application/json");
    if (subject != null) {
      e.put("subject", subject);
    }
    return e;
  }

  private Event problemReported() {
    ObjectNode e = envelope(PROBLEM_REPORTED, reporter, null);
    String reference = "R" + e.get("id").asText();
    ObjectNode data = e.putObject("data");
    data.put("reference", reference);
    data.put("title", "长滨路沿线老旧小区配套停车场项目审批滞后（压测 " + sequence + "）");
    data.put("description", "按照“十项行动”第4项重点任务，停车场应于6月底前开工；可研报告1月报送区发改委，至今未获批复，施工招标无法启动。");
    data.put("taskNumber", 4);
    data.put("actionNumber", 2);
    data.put("suggestedCategory", "COORDINATION");
    return valid("problem-reported", PROBLEM_REPORTED, reporter + ":" + reference, e);
  }

  private Event progress(String problemKey) {
    ObjectNode e = envelope(PROGRESS, lead, problemKey);
    ObjectNode data = e.putObject("data");
    data.put("progress", "已召开专题协调会，补充材料已重新报送，施工图设计完成约" + (10 + random.nextInt(80)) + "%。");
    data.put("percentComplete", random.nextInt(101));
    return valid("progress-reported", PROGRESS, problemKey, e);
  }

  private Event escalation(String problemKey) {
    ObjectNode e = envelope(ESCALATION, reporter, problemKey);
    e.putObject("data").put("reason", "区发改委仍未安排评审，项目已错过原定招标窗口，申请提请区领导小组督办。");
    return valid("escalation-requested", ESCALATION, problemKey, e);
  }

  private Event resolution(String problemKey) {
    ObjectNode e = envelope(RESOLUTION, lead, problemKey);
    ObjectNode data = e.putObject("data");
    data.put("actionsTaken", "可研报告已批复，施工招标完成，项目已开工；建立周调度机制。");
    data.put("outcome", "RESOLVED");
    return valid("resolution-reported", RESOLUTION, problemKey, e);
  }

  private Event indicator() {
    String code = indicatorCodes.get(random.nextInt(indicatorCodes.size()));
    String period = "2026-" + String.format("%02d", 1 + random.nextInt(12));
    ObjectNode e = envelope(INDICATOR, lead, null);
    ObjectNode data = e.putObject("data");
    data.put("indicatorCode", code);
    data.put("period", period);
    data.put("value", 50 + random.nextInt(2000));
    return valid("indicator-reported", INDICATOR, code + ":" + period, e);
  }

  private Event malformed() {
    String id = nextId();
    return new Event("bad:malformed-json", PROBLEM_REPORTED, prefix + "-bad-" + id, null,
        "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"data\":{\"title\":", false, true);
  }

  private Event schemaInvalid() {
    ObjectNode e = envelope(PROGRESS, lead, "BH-2026-000001");
    e.putObject("data").put("progress", "进展").put("colour", "red");
    return new Event("bad:schema-invalid", PROGRESS, prefix + "-bad-" + e.get("id").asText(), e.get("id").asText(),
        e.toString(), false, true);
  }

  private static Event valid(String kind, String topic, String key, ObjectNode e) {
    return new Event(kind, topic, key, e.get("id").asText(), e.toString(), false, false);
  }
}
