package org.bihuan.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bihuan.events.InboundEvents.Outcome;
import org.bihuan.loop.ProblemProcess;
import org.bihuan.problem.Category;
import org.bihuan.problem.NewProblem;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.problem.ProblemRuleViolation;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Stage;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * What each inbound event type does, in the caller's transaction. Events about an existing
 * problem are BPMN messages to its process; the process model decides what they mean. An event
 * the process cannot take at its current stage is parked.
 */
@Component
class EventEffects {

  static final String PROBLEM_REPORTED = "bihuan.problem-reported.v1";
  static final String PROGRESS_REPORTED = "bihuan.progress-reported.v1";
  static final String RESOLUTION_REPORTED = "bihuan.resolution-reported.v1";
  static final String ESCALATION_REQUESTED = "bihuan.escalation-requested.v1";
  static final String EXTENSION_REQUESTED = "bihuan.extension-requested.v1";
  static final String INDICATOR_REPORTED = "bihuan.indicator-reported.v1";
  static final String ASSIGNMENT_SIGNED = "bihuan.assignment-signed.v1";
  static final String ASSIGNMENT_RETURNED = "bihuan.assignment-returned.v1";

  private final Problems problems;
  private final ProblemProcess process;
  private final IndicatorMonitor indicators;

  EventEffects(Problems problems, ProblemProcess process, IndicatorMonitor indicators) {
    this.problems = problems;
    this.process = process;
    this.indicators = indicators;
  }

  Outcome apply(EventEnvelope event) {
    try {
      return switch (event.type()) {
        case PROBLEM_REPORTED -> fileProblem(event);
        case INDICATOR_REPORTED -> indicators.report(event);
        default -> actOnProblem(event);
      };
    } catch (ProblemRuleViolation violation) {
      throw InboundEvents.refused(violation);
    }
  }

  private Outcome fileProblem(EventEnvelope event) {
    String unit = event.unitCode();
    String reference = unit + ":" + event.text("reference");
    if (problems.findBySourceRef(Problems.SOURCE_EVENT, reference).isPresent()) {
      return Outcome.DUPLICATE;
    }
    String category = event.text("suggestedCategory");
    problems.file(
        new NewProblem(event.text("title"), event.text("description"), event.integer("actionNumber"),
            event.integer("taskNumber"), unit, category == null ? null : Category.valueOf(category), reference),
        Problems.SOURCE_EVENT, actor(event), InboundEvents.groupsOf(event));
    return Outcome.APPLIED;
  }

  private Outcome actOnProblem(EventEnvelope event) {
    String key = event.subject();
    ProblemRecord problem = problems.find(key).orElseThrow(
        () -> new RejectedEvent(RejectedEvent.UNKNOWN_BUSINESS_KEY, "no problem " + key));
    String unit = event.unitCode();
    boolean responsible = problems.responsibleUnits(key).stream().anyMatch(u -> u.code().equals(unit));
    boolean escalation = ESCALATION_REQUESTED.equals(event.type());
    if (!(responsible || (escalation && problems.isActingUnit(key, unit)))) {
      if (!escalation && problem.stage().ordinal() < Stage.RESOLUTION.ordinal() && !problem.stage().isFinal()) {
        // responsibility is decided by analysis: an early event of a unit may still become valid
        return Outcome.PARKED;
      }
      throw new RejectedEvent(RejectedEvent.SOURCE_NOT_AUTHORISED,
          "unit " + unit + " is not responsible for problem " + key);
    }
    if (problem.stage().isFinal()) {
      throw new RejectedEvent(RejectedEvent.NOT_APPLICABLE, "problem " + key + " is " + problem.stage());
    }
    Map<String, Object> variables = new HashMap<>();
    String message;
    switch (event.type()) {
      case PROGRESS_REPORTED -> {
        message = messageName(event);
        // transient: read by the delegate in this command and stored in Bihuan's tables, never as
        // process variables (no runtime, history or detail rows for the report's text)
        variables.put("progress", Variables.stringValue(event.text("progress"), true));
        variables.put("percentComplete", Variables.integerValue(event.integer("percentComplete"), true));
      }
      case RESOLUTION_REPORTED -> {
        message = messageName(event);
        variables.put("actionsTaken", event.text("actionsTaken"));
        variables.put("outcome", event.text("outcome"));
      }
      case ESCALATION_REQUESTED -> {
        message = messageName(event);
        variables.put("escalationReason", event.text("reason"));
        variables.put("escalatingUnit", unit);
      }
      case EXTENSION_REQUESTED -> {
        message = messageName(event);
        variables.put("extensionReason", event.text("reason"));
        variables.put("requestedDue", event.text("requestedDue"));
        variables.put("extensionUnit", unit);
      }
      case ASSIGNMENT_SIGNED -> {
        message = "bihuan.assignment-signed." + unit;
        variables.put("signForDecision", "SIGN");
      }
      case ASSIGNMENT_RETURNED -> {
        message = "bihuan.assignment-returned." + unit;
        variables.put("signForDecision", "RETURN");
        variables.put("returnReason", event.text("reason"));
      }
      default -> throw new RejectedEvent(RejectedEvent.UNKNOWN_TYPE, event.type());
    }
    if (!escalation && problem.stage() != Stage.RESOLUTION) {
      return Outcome.PARKED;
    }
    if (process.correlate(key, message, variables, actor(event), InboundEvents.groupsOf(event))) {
      return Outcome.APPLIED;
    }
    if (RESOLUTION_REPORTED.equals(event.type()) && problems.hasReportedThisRound(key, unit)) {
      return Outcome.DUPLICATE;
    }
    return Outcome.PARKED;
  }

  /** The BPMN message an event about a problem is correlated as; null for other events. */
  static String messageName(EventEnvelope event) {
    return switch (event.type()) {
      case PROGRESS_REPORTED -> "bihuan.progress-reported." + event.unitCode();
      case RESOLUTION_REPORTED -> "bihuan.resolution-reported." + event.unitCode();
      case ESCALATION_REQUESTED -> "bihuan.escalation-requested";
      case EXTENSION_REQUESTED -> "bihuan.extension-requested";
      default -> null;
    };
  }

  /** Events act as a technical principal of their unit, so history names the unit. */
  static String actor(EventEnvelope event) {
    return "kafka:" + event.unitCode();
  }

}
