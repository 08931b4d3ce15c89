package org.bihuan.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bihuan.problem.ProblemDetails.Note;
import org.bihuan.problem.ProblemDetails.ResolutionReport;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Stage;
import org.bihuan.support.BihuanTest;
import org.bihuan.support.LoopDriver;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.spin.json.SpinJsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Every documented text length works end to end (issue 9, "long texts break the loop"): the
 * maxima are read from the contracts themselves — {@code validate.maxLength} of every text field
 * of every form in {@code bpmn/forms}, {@code maxLength} of every string of every inbound schema
 * in {@code kafka/schemas} — and problems filed through REST, Kafka and the Tasklist start form are
 * walked through the whole loop with every text at its maximum, in multi-byte Chinese: filing,
 * information request and answer, triage, supervision (督办单, 挂牌督办) of a late task, analysis,
 * 挂账 refused, approved and resumed, policy draft with returns by both tiers, 签收 in Tasklist and
 * by event, 退回 in Tasklist and by event answered by the working group, progress, extension and
 * escalation events, resolution by form and by event, a failed verification, re-analysis,
 * closure, 回访 (not satisfied, answered) and 回头看 failed and passed. Nothing may fail, each
 * problem reaches its end, every text
 * is stored whole, and the forms' details (a JSON variable, history level FULL) hold them whole.
 * The class fails unless the walks used every such field at its maximum.
 */
@BihuanTest
class LongTextsIT {

  private static final Path FORMS = Path.of("bpmn", "forms");
  private static final Path SCHEMAS = Path.of("kafka", "schemas");
  /** Inbound contracts only: the lifecycle schema describes what Bihuan writes itself. */
  private static final Set<String> OUTBOUND = Set.of("issue-lifecycle");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** "form/key" and "schema/field" → documented maximum. */
  static final Map<String, Integer> MAXIMA = new TreeMap<>();
  /** Text fields the walks filled at their maximum. */
  static final Set<String> FILLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Autowired LoopDriver loop;
  @Autowired Problems problems;
  @Autowired HistoryService history;
  @Autowired RuntimeService runtime;
  @Autowired TestRestTemplate http;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired Reinspection reinspection;

  String housing; // 区住建委: reports, co-handles
  String ndrc; // 区发改委: lead unit of task 1, analyses and leads
  final AtomicInteger texts = new AtomicInteger();

  @BeforeAll
  static void readTheDocumentedMaxima() throws IOException {
    try (Stream<Path> forms = Files.list(FORMS)) {
      for (Path form : forms.filter(p -> p.toString().endsWith(".form")).sorted().toList()) {
        JsonNode schema = JSON.readTree(form.toFile());
        for (JsonNode component : schema.path("components")) {
          String type = component.path("type").asText();
          if (!Set.of("textfield", "textarea").contains(type) || component.path("validate").has("pattern")) {
            continue; // not free text (a business key has its pattern)
          }
          String field = schema.path("id").asText() + "/" + component.path("key").asText();
          assertThat(component.path("validate").path("maxLength").isInt())
              .as("%s documents its maxLength (Camunda keeps a submitted text in varchar(4000))", field).isTrue();
          MAXIMA.put(field, component.path("validate").path("maxLength").asInt());
        }
      }
    }
    try (Stream<Path> dirs = Files.list(SCHEMAS)) {
      for (Path dir : dirs.sorted().toList()) {
        String type = dir.getFileName().toString();
        if (OUTBOUND.contains(type)) {
          continue;
        }
        JsonNode schema = JSON.readTree(dir.resolve("v1.schema.json").toFile());
        schema.path("properties").fields().forEachRemaining(p -> maximum(type, p.getKey(), p.getValue()));
        schema.path("properties").path("data").path("properties").fields()
            .forEachRemaining(p -> maximum(type, "data." + p.getKey(), p.getValue()));
      }
    }
    assertThat(MAXIMA).as("maxima found in the contracts").containsKeys("problem-report/description",
        "problem-reported/data.description");
  }

  private static void maximum(String type, String field, JsonNode property) {
    if (property.has("maxLength")) {
      MAXIMA.put(type + "/" + field, property.get("maxLength").asInt());
    }
  }

  @AfterAll
  static void everyDocumentedTextWasFilledAtItsMaximum() {
    assertThat(FILLED).as("text fields walked at their maximum").containsAll(MAXIMA.keySet());
  }

  @BeforeEach
  void units() {
    housing = loop.unitCode("区住建委");
    ndrc = loop.unitCode("区发改委");
  }

  @Test
  void aProblemFiledByRestGoesThroughEveryStepWithEveryTextAtItsMaximum() {
    // given a problem filed through /api/problems with the longest title, description and reference
    String title = text("problem-report/title");
    String description = text("problem-report/description");
    Map<String, Object> body = new HashMap<>();
    body.put("title", title);
    body.put("description", description);
    body.put("taskNumber", 1);
    body.put("sourceRef", han(200, "来源"));
    ResponseEntity<JsonNode> filed = http.withBasicAuth(housing, "demo").postForEntity("/api/problems", body, JsonNode.class);
    assertThat(filed.getStatusCode()).as("POST /api/problems: %s", filed.getBody()).isEqualTo(HttpStatus.CREATED);
    String key = filed.getBody().path("key").asText();
    assertThat(problems.get(key).description()).isEqualTo(description);

    // when it goes round the whole loop, every text at its maximum
    String infoRequest = text("triage/infoRequest");
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "MORE_INFO", "infoRequest", infoRequest));
    String information = text("provide-information/additionalInformation");
    loop.complete(housing, key, "userTask_provideInformation", Map.of("additionalInformation", information));
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "POLICY_GAP"));

    String rootCause = text("analysis/rootCause");
    String measures = text("analysis/measures");
    analyse(key, rootCause, measures, List.of(housing), true);

    String policyTitle = text("policy-draft/policyTitle");
    String policySummary = text("policy-draft/policySummary");
    String analyst = LoopDriver.userOf(loop.candidateGroups(key, "userTask_draftPolicy").get(0));
    draft(key, analyst, text("policy-draft/policyTitle"), text("policy-draft/policySummary"));
    String workingGroupReturn = text("policy-approval/reviewComment");
    review(key, "wg01", "userTask_approveByWorkingGroup", "RETURN", workingGroupReturn);
    draft(key, analyst, text("policy-draft/policyTitle"), text("policy-draft/policySummary"));
    review(key, "wg01", "userTask_approveByWorkingGroup", "APPROVE", null);
    String leadingGroupReturn = text("policy-approval/reviewComment");
    review(key, "leader", "userTask_approveByLeadingGroup", "RETURN", leadingGroupReturn);
    draft(key, analyst, policyTitle, policySummary);
    review(key, "wg01", "userTask_approveByWorkingGroup", "APPROVE", null);
    String leadingGroupApproval = text("policy-approval/reviewComment");
    review(key, "leader", "userTask_approveByLeadingGroup", "APPROVE", leadingGroupApproval);
    assertThat(problems.get(key).stage()).isEqualTo(Stage.RESOLUTION);

    // the co-handling unit returns its assignment (签收/退回 in Tasklist), the working group insists; the lead signs for
    String returnReason = text("sign-for/returnReason");
    loop.complete(housing, key, "userTask_signFor", Map.of("signForDecision", "RETURN", "returnReason", returnReason));
    String returnAnswer = text("return-decision/returnAnswer");
    loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "INSIST", "returnAnswer", returnAnswer));
    loop.signFor(ndrc, key);

    // the resolving units' systems report: progress, a refused extension, an escalation, a resolution
    ObjectNode progress = event("progress-reported", ndrc, key);
    data(progress).put("progress", text("progress-reported/data.progress")).put("percentComplete", 60);
    applied(progress, key);
    ObjectNode extension = event("extension-requested", ndrc, key);
    String requestedDue = LocalDate.now(Problems.ZONE).plusDays(120).toString();
    data(extension).put("reason", text("extension-requested/data.reason")).put("requestedDue", requestedDue);
    applied(extension, key);
    String refusal = text("extension-decision/extensionComment");
    loop.complete("wg01", key, "userTask_decideExtension", Map.of("extensionDecision", "REFUSE", "extensionComment", refusal));
    ObjectNode escalation = event("escalation-requested", housing, key);
    data(escalation).put("reason", text("escalation-requested/data.reason"));
    applied(escalation, key);
    String coordination = text("escalation/coordinationDecision");
    loop.complete("leader", key, "userTask_coordinate", Map.of("coordinationDecision", coordination));
    ObjectNode coResolution = event("resolution-reported", housing, key);
    data(coResolution).put("actionsTaken", text("resolution-reported/data.actionsTaken")).put("outcome", "RESOLVED");
    applied(coResolution, key);
    String leadActions = text("resolution/actionsTaken");
    loop.complete(ndrc, key, "userTask_resolve", Map.of("actionsTaken", leadActions, "outcome", "PARTIALLY_RESOLVED"));

    // verification fails, analysis and resolution again, then confirmed and closed
    String verificationComment = text("verification/verificationComment");
    loop.complete("wg01", key, "userTask_verify",
        Map.of("verificationDecision", "REOPEN", "verificationComment", verificationComment));
    String rootCause2 = text("analysis/rootCause");
    String measures2 = text("analysis/measures");
    analyse(key, rootCause2, measures2, List.of(housing), false);
    loop.signFor(ndrc, key);
    loop.signFor(housing, key);
    String leadActions2 = text("resolution/actionsTaken");
    String coActions2 = text("resolution/actionsTaken");
    loop.complete(ndrc, key, "userTask_resolve", Map.of("actionsTaken", leadActions2, "outcome", "RESOLVED"));
    loop.complete(housing, key, "userTask_resolve", Map.of("actionsTaken", coActions2, "outcome", "RESOLVED"));
    assertThat(detailsOfOpenTask(key, "userTask_verify")).contains(description, information, rootCause2, measures2);
    assertThat(summaryOfOpenTask(key)).contains(leadActions2, coActions2);
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    String lessons = text("closure/lessons");
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4", "lessons", lessons));
    // 回访: the reporter is not satisfied, the working group answers and confirms the closure
    String callbackComment = text("callback/callbackComment");
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "DISSATISFIED", "callbackComment", callbackComment));
    String callbackAnswer = text("callback-review/callbackReviewComment");
    loop.complete("wg01", key, "userTask_reviewCallback",
        Map.of("callbackReviewDecision", "CONFIRM", "callbackReviewComment", callbackAnswer));
    String finding = reinspectIfDrawn(key, "PASSED");

    // then it is closed and every text is stored whole
    ProblemRecord closed = problems.get(key);
    assertThat(closed.stage()).isEqualTo(Stage.CLOSED);
    assertThat(closed.title()).isEqualTo(title);
    assertThat(closed.description()).isEqualTo(description);
    assertThat(closed.rootCause()).isEqualTo(rootCause2);
    assertThat(closed.measures()).isEqualTo(measures2);
    assertThat(closed.lessons()).isEqualTo(lessons);
    assertThat(problems.notes(key)).extracting(Note::kind, Note::text).contains(
        tuple("INFO_REQUEST", infoRequest),
        tuple("INFO", information),
        tuple("POLICY_RETURNED", workingGroupReturn),
        tuple("POLICY_RETURNED", leadingGroupReturn),
        tuple("POLICY_APPROVAL", leadingGroupApproval),
        tuple("PROGRESS", data(progress).path("progress").asText()),
        tuple("EXTENSION_REQUEST",
            data(extension).path("reason").asText() + "（申请延期至 " + requestedDue + "）"),
        tuple("EXTENSION_REFUSED", refusal),
        tuple("ESCALATION", data(escalation).path("reason").asText()),
        tuple("COORDINATION", coordination),
        tuple("VERIFICATION", verificationComment),
        tuple("ASSIGNMENT_RETURNED", returnReason),
        tuple("RETURN_ANSWER", returnAnswer),
        tuple("CALLBACK", callbackComment),
        tuple("CALLBACK_ANSWER", callbackAnswer));
    if (finding != null) {
      assertThat(problems.notes(key)).extracting(Note::kind, Note::text).contains(tuple("REINSPECTION", finding));
    }
    assertThat(jdbc.sql("select title, summary from bihuan.policy where problem_key = ?").param(key)
        .query((rs, i) -> rs.getString(1) + "|" + rs.getString(2)).single()).isEqualTo(policyTitle + "|" + policySummary);
    assertThat(jdbc.sql("select actions_taken from bihuan.resolution_report where problem_key = ? order by id").param(key)
        .query(String.class).list())
        .containsExactlyInAnyOrder(data(coResolution).path("actionsTaken").asText(), leadActions, leadActions2, coActions2);
    // and history (level FULL) kept the details each task showed, whole
    assertThat(historicDetails(key, "userTask_close")).contains(description, information, rootCause2, measures2);
  }

  @Test
  void aProblemReportedByEventGoesRoundTheLoopWithEveryTextAtItsMaximum() {
    // given a problem-reported event with the longest id, reference, title and description
    ObjectNode reported = event("problem-reported", housing, null);
    String reference = text("problem-reported/data.reference");
    data(reported).put("reference", reference).put("title", text("problem-reported/data.title"))
        .put("description", text("problem-reported/data.description")).put("taskNumber", 1)
        .put("suggestedCategory", "EXECUTION").remove("actionNumber");
    send("bihuan.problem-reported.v1", housing + ":" + reference, reported);

    // when it is filed and walked to closure, resolved by the lead unit's system
    ProblemRecord filed = await().atMost(Duration.ofSeconds(30)).until(
        () -> problems.findBySourceRef(Problems.SOURCE_EVENT, housing + ":" + reference).orElse(null), p -> p != null);
    assertThat(inboxStatus(reported)).isEqualTo("APPLIED");
    String key = filed.key();
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));

    // 挂账: proposed and refused, proposed and approved, then resumed on its review date
    String analyst = LoopDriver.userOf(loop.candidateGroups(key, "userTask_analyse").get(0));
    String ledgerReason = text("analysis/ledgerReason");
    proposeLedger(key, analyst, ledgerReason);
    String ledgerRefusal = text("ledger-approval/ledgerComment");
    loop.complete("leader", key, "userTask_approveLedger", Map.of("ledgerDecision", "REFUSE", "ledgerComment", ledgerRefusal));
    String ledgerReason2 = text("analysis/ledgerReason");
    proposeLedger(key, analyst, ledgerReason2);
    String ledgerApproval = text("ledger-approval/ledgerComment");
    loop.complete("leader", key, "userTask_approveLedger", Map.of("ledgerDecision", "APPROVE", "ledgerComment", ledgerApproval));
    assertThat(problems.get(key).stage()).isEqualTo(Stage.LEDGER);
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(key)
        .processDefinitionKey("closed-loop-issue").singleResult().getId();
    management.executeJob(management.createJobQuery().processInstanceId(instance).timers().singleResult().getId());
    String ledgerReview = text("ledger-review/ledgerReviewComment");
    loop.complete("wg01", key, "userTask_reviewLedger", Map.of("ledgerReviewDecision", "CONTINUE", "ledgerReviewComment", ledgerReview));

    String rootCause = text("analysis/rootCause");
    String measures = text("analysis/measures");
    analyse(key, rootCause, measures, List.of(housing), false);
    // the units' own systems: the lead signs for, the co-handling unit returns; the working group insists
    ObjectNode signed = event("assignment-signed", ndrc, key);
    data(signed).put("signedBy", text("assignment-signed/data.signedBy"));
    applied(signed, key);
    ObjectNode returned = event("assignment-returned", housing, key);
    data(returned).put("reason", text("assignment-returned/data.reason"));
    applied(returned, key);
    String returnAnswer = text("return-decision/returnAnswer");
    loop.complete("wg01", key, "userTask_decideReturn", Map.of("returnDecision", "INSIST", "returnAnswer", returnAnswer));
    ObjectNode resolution = event("resolution-reported", ndrc, key);
    data(resolution).put("actionsTaken", text("resolution-reported/data.actionsTaken")).put("outcome", "RESOLVED");
    applied(resolution, key);
    String coActions = text("resolution/actionsTaken");
    loop.complete(housing, key, "userTask_resolve", Map.of("actionsTaken", coActions, "outcome", "RESOLVED"));
    assertThat(summaryOfOpenTask(key)).contains(data(resolution).path("actionsTaken").asText(), coActions);
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    String lessons = text("closure/lessons");
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "5", "lessons", lessons));
    String callbackComment = text("callback/callbackComment");
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "SATISFIED", "callbackComment", callbackComment));
    reinspectIfDrawn(key, "PASSED");

    // then it is closed with every text whole
    ProblemRecord closed = problems.get(key);
    assertThat(closed.stage()).isEqualTo(Stage.CLOSED);
    assertThat(closed.sourceRef()).isEqualTo(housing + ":" + reference);
    assertThat(closed.title()).isEqualTo(data(reported).path("title").asText());
    assertThat(closed.description()).isEqualTo(data(reported).path("description").asText());
    assertThat(closed.rootCause()).isEqualTo(rootCause);
    assertThat(closed.measures()).isEqualTo(measures);
    assertThat(closed.lessons()).isEqualTo(lessons);
    assertThat(problems.currentResolutionReports(key)).extracting(ResolutionReport::actionsTaken)
        .containsExactlyInAnyOrder(data(resolution).path("actionsTaken").asText(), coActions);
    assertThat(problems.notes(key)).extracting(Note::kind, Note::text).contains(
        tuple("LEDGER_REASON", ledgerReason),
        tuple("LEDGER_REFUSED", ledgerRefusal),
        tuple("LEDGER_REASON", ledgerReason2),
        tuple("LEDGER_APPROVAL", ledgerApproval),
        tuple("LEDGER_REVIEW", ledgerReview),
        tuple("ASSIGNMENT_RETURNED", data(returned).path("reason").asText()),
        tuple("RETURN_ANSWER", returnAnswer),
        tuple("CALLBACK", callbackComment));
  }

  @Test
  void aProblemDrawnForReinspectionFailsItWithTheLongestFindingAndPassesTheSecondTime() {
    // given a problem drawn for 回头看, walked to closure and 回访
    String key = fileByRest();
    while (!reinspection.drawn(key)) {
      key = fileByRest();
    }
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "ACCEPT", "category", "EXECUTION"));
    analyse(key, text("analysis/rootCause"), text("analysis/measures"), List.of(), false);
    loop.signFor(ndrc, key);
    loop.complete(ndrc, key, "userTask_resolve", Map.of("actionsTaken", text("resolution/actionsTaken"), "outcome", "RESOLVED"));
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "3", "lessons", text("closure/lessons")));
    loop.complete(housing, key, "userTask_callback",
        Map.of("callbackRating", "BASICALLY_SATISFIED", "callbackComment", text("callback/callbackComment")));

    // when the re-inspection fails with the longest finding, and after a second round passes with one
    String failed = reinspectIfDrawn(key, "FAILED");
    assertThat(problems.get(key).stage()).isEqualTo(Stage.ANALYSIS);
    analyse(key, text("analysis/rootCause"), text("analysis/measures"), List.of(), false);
    loop.signFor(ndrc, key);
    loop.complete(ndrc, key, "userTask_resolve", Map.of("actionsTaken", text("resolution/actionsTaken"), "outcome", "RESOLVED"));
    loop.complete("wg01", key, "userTask_verify", Map.of("verificationDecision", "CONFIRMED"));
    loop.complete("wg01", key, "userTask_close", Map.of("satisfaction", "4", "lessons", text("closure/lessons")));
    loop.complete(housing, key, "userTask_callback", Map.of("callbackRating", "SATISFIED"));
    String passed = reinspectIfDrawn(key, "PASSED");

    // then it is closed with both findings whole
    assertThat(failed).isNotNull();
    assertThat(passed).isNotNull();
    assertThat(problems.get(key).stage()).isEqualTo(Stage.CLOSED);
    assertThat(problems.notes(key)).extracting(Note::kind, Note::text)
        .contains(tuple("REINSPECTION", failed), tuple("REINSPECTION", passed));
  }

  @Test
  void aProblemFiledThroughTheStartFormIsRejectedWithTheLongestReason() {
    // given the Tasklist start form with the longest title and description
    Map<String, Object> form = new HashMap<>();
    form.put("title", text("problem-report/title"));
    form.put("description", text("problem-report/description"));
    form.put("taskNumber", 1L);
    String instanceId = loop.startByForm(housing, form).getId();
    String key = runtime.createProcessInstanceQuery().processInstanceId(instanceId).singleResult().getBusinessKey();

    // and its triage, late, supervised (督办单) and listed (挂牌督办), each answered with the longest comment
    String order = text("supervision-order/supervisionComment");
    String listing = text("supervision-order/supervisionComment");
    superviseAndList(loop.task(key, "userTask_triage").getId(), order, listing);

    // when the working group rejects it with the longest reason
    String reason = text("triage/rejectReason");
    loop.complete("wg01", key, "userTask_triage", Map.of("triageDecision", "REJECT", "rejectReason", reason));

    // then it ends rejected with both texts whole
    ProblemRecord rejected = problems.get(key);
    assertThat(rejected.stage()).isEqualTo(Stage.REJECTED);
    assertThat(rejected.title()).isEqualTo(form.get("title"));
    assertThat(rejected.description()).isEqualTo(form.get("description"));
    assertThat(rejected.rejectReason()).isEqualTo(reason);
    assertThat(problems.notes(key)).extracting(Note::kind, Note::text)
        .contains(tuple("SUPERVISION", order), tuple("LISTING", listing));
  }

  @Test
  void anIndicatorReadingKeepsTheLongestNote() {
    ObjectNode reading = event("indicator-reported", ndrc, null);
    String note = text("indicator-reported/data.note");
    data(reading).put("period", "2026-Q3").put("value", 1234.5)
        .put("unitOfMeasure", text("indicator-reported/data.unitOfMeasure")).put("note", note);

    send("bihuan.indicator-reported.v1", "T01:2026-Q3", reading);

    await().atMost(Duration.ofSeconds(30)).until(() -> inboxStatus(reading) != null);
    assertThat(inboxStatus(reading)).isEqualTo("APPLIED");
    assertThat(jdbc.sql("select note from bihuan.indicator_reading where indicator_code = 'T01' and period = '2026-Q3' "
        + "and unit_code = ? and value = 1234.5").param(ndrc).query(String.class).single()).isEqualTo(note);
  }

  // ---------------------------------------------------------------------------------------------

  /** A text of the documented maximum of {@code field}, distinct from every other text of the class. */
  private String text(String field) {
    Integer max = MAXIMA.get(field);
    assertThat(max).as("documented maximum of %s", field).isNotNull();
    FILLED.add(field);
    return han(max, "第" + texts.incrementAndGet() + "段");
  }

  /** {@code length} Chinese characters (three bytes each in UTF-8), starting with {@code tag}. */
  private static String han(int length, String tag) {
    String pool = "闭环发现分析政策解决核查结案督办延期进展报告措施原因单位部门停车项目审批规划施工许可协调专班";
    StringBuilder text = new StringBuilder();
    for (char c : tag.toCharArray()) {
      text.append(Character.isDigit(c) ? "零一二三四五六七八九".charAt(c - '0') : c);
    }
    for (int i = 0; text.length() < length; i++) {
      text.append(pool.charAt(i % pool.length()));
    }
    text.setLength(length);
    assertThat(text.codePoints().allMatch(Character::isIdeographic)).isTrue();
    return text.toString();
  }

  private void analyse(String key, String rootCause, String measures, List<String> coUnits, boolean needsPolicy) {
    String analyst = LoopDriver.userOf(loop.candidateGroups(key, "userTask_analyse").get(0));
    Map<String, Object> analysis = new HashMap<>();
    analysis.put("rootCause", rootCause);
    analysis.put("category", "POLICY_GAP");
    analysis.put("leadUnit", ndrc);
    analysis.put("coUnits", coUnits);
    analysis.put("measures", measures);
    analysis.put("resolutionDeadline", LocalDate.now(Problems.ZONE).plusDays(30).toString());
    analysis.put("needsPolicy", needsPolicy);
    loop.complete(analyst, key, "userTask_analyse", analysis);
  }

  private void proposeLedger(String key, String analyst, String reason) {
    loop.complete(analyst, key, "userTask_analyse", Map.of("analysisOutcome", "LEDGER", "ledgerReason", reason,
        "ledgerReviewDate", LocalDate.now(Problems.ZONE).plusDays(60).toString()));
    assertThat(loop.candidateGroups(key, "userTask_approveLedger")).containsExactly("leading-group");
  }

  /** A problem filed through REST with the longest title and description. */
  private String fileByRest() {
    Map<String, Object> body = Map.of("title", text("problem-report/title"),
        "description", text("problem-report/description"), "taskNumber", 1);
    ResponseEntity<JsonNode> filed = http.withBasicAuth(housing, "demo").postForEntity("/api/problems", body, JsonNode.class);
    assertThat(filed.getStatusCode()).as("POST /api/problems: %s", filed.getBody()).isEqualTo(HttpStatus.CREATED);
    return filed.getBody().path("key").asText();
  }

  /**
   * 回头看, if the problem was drawn: the re-inspection timer fires and the working group records
   * {@code result} with the longest finding. Returns the finding, or null when it was not drawn.
   */
  private String reinspectIfDrawn(String key, String result) {
    if (!reinspection.drawn(key)) {
      return null;
    }
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(key)
        .processDefinitionKey("closed-loop-issue").singleResult().getId();
    management.executeJob(management.createJobQuery().processInstanceId(instance)
        .activityId("timerEvent_reinspectionDue").singleResult().getId());
    String finding = text("reinspection/reinspectionFinding");
    loop.complete("wg01", key, "userTask_reinspect", Map.of("reinspectionResult", result, "reinspectionFinding", finding));
    return finding;
  }

  /** Lets the supervision of a task run late (Camunda's clock moved on) and answers its 督办单 and 挂牌督办. */
  private void superviseAndList(String taskId, String orderComment, String listingComment) {
    String supervision = runtime.createProcessInstanceQuery().processDefinitionKey("task-supervision")
        .processInstanceBusinessKey(taskId).singleResult().getId();
    ClockUtil.setCurrentTime(Date.from(java.time.Instant.now().plus(Duration.ofDays(120))));
    try {
      for (int round = 0; round < 5; round++) {
        management.createJobQuery().processInstanceId(supervision).timers().executable().list()
            .forEach(job -> management.executeJob(job.getId()));
      }
    } finally {
      ClockUtil.reset();
    }
    supervisor("wg01", supervision, "userTask_supervisionOrder", orderComment);
    supervisor("leader", supervision, "userTask_listing", listingComment);
  }

  private void supervisor(String user, String supervision, String activityId, String comment) {
    Task task = tasks.createTaskQuery().processInstanceId(supervision).taskDefinitionKey(activityId).singleResult();
    assertThat(task).as("%s of the supervision", activityId).isNotNull();
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList());
    try {
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), Map.of("supervisionComment", comment));
    } finally {
      identity.clearAuthentication();
    }
  }

  private void draft(String key, String user, String title, String summary) {
    loop.complete(user, key, "userTask_draftPolicy", Map.of("policyTitle", title, "policySummary", summary,
        "measureScope", "DISTRICT_WIDE", "estimatedFunding", 900, "affectsPublic", true));
  }

  private void review(String key, String user, String activity, String decision, String comment) {
    Map<String, Object> review = new HashMap<>();
    review.put("reviewDecision", decision);
    review.put("reviewComment", comment);
    loop.complete(user, key, activity, review);
  }

  /** An inbound event of {@code type} from {@code unit}, with the longest id the schema allows. */
  private ObjectNode event(String type, String unit, String subject) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(Path.of("kafka", "examples", type + ".json")));
      event.put("id", han(MAXIMA.get(type + "/id") - 37, "事件") + "-" + UUID.randomUUID());
      FILLED.add(type + "/id");
      event.put("source", "/units/" + unit);
      event.put("time", OffsetDateTime.now(Problems.ZONE).toString());
      if (subject != null) {
        event.put("subject", subject);
      }
      return event;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode data(ObjectNode event) {
    return (ObjectNode) event.get("data");
  }

  /** Sends an event about {@code problemKey} and waits until it is applied. */
  private void applied(ObjectNode event, String problemKey) {
    assertThat(event.get("id").asText()).hasSize(200);
    send(event.get("type").asText(), problemKey, event);
    await().atMost(Duration.ofSeconds(30)).until(() -> inboxStatus(event) != null);
    assertThat(inboxStatus(event)).as("inbox status of %s", event.get("type").asText()).isEqualTo("APPLIED");
  }

  private void send(String topic, String recordKey, ObjectNode event) {
    try {
      kafka.send(topic, recordKey, event.toString()).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String inboxStatus(ObjectNode event) {
    return jdbc.sql("select status from bihuan.inbox_event where source = ? and id = ?")
        .params(event.get("source").asText(), event.get("id").asText()).query(String.class).optional().orElse(null);
  }

  /** The details the form of the open task shows (an input mapping: local to the task's execution). */
  private String detailsOfOpenTask(String key, String activityId) {
    return markdown(runtime.getVariableLocal(loop.task(key, activityId).getExecutionId(), "problemDetails"));
  }

  private String summaryOfOpenTask(String key) {
    return markdown(runtime.getVariableLocal(loop.task(key, "userTask_verify").getExecutionId(), "resolutionSummary"));
  }

  private String historicDetails(String key, String activityId) {
    String activityInstance = history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(key)
        .taskDefinitionKey(activityId).singleResult().getActivityInstanceId();
    List<HistoricVariableInstance> details = history.createHistoricVariableInstanceQuery()
        .activityInstanceIdIn(activityInstance).variableName("problemDetails").list();
    assertThat(details).as("historic problemDetails of %s", activityId).hasSize(1);
    return markdown(details.get(0).getValue());
  }

  /** The Markdown a details variable holds for the form's {@code {{… .markdown}}} template. */
  private static String markdown(Object value) {
    assertThat(value).as("details variable").isInstanceOf(SpinJsonNode.class);
    return ((SpinJsonNode) value).prop("markdown").stringValue();
  }
}
