package org.bihuan.loop;

import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** Due dates of user tasks, used in the models as {@code ${deadlines.due('TRIAGE')}}. */
@Component("deadlines")
public class Deadlines {

  private final Map<String, Duration> limits;

  Deadlines(DeadlineProperties properties) {
    this.limits =
        Map.of(
            "TRIAGE", properties.triage(),
            "PROVIDE_INFORMATION", properties.provideInformation(),
            "ANALYSIS", properties.analysis(),
            "POLICY_DRAFT", properties.policyDraft(),
            "POLICY_APPROVAL", properties.policyApproval(),
            "RESOLUTION", properties.resolution(),
            "VERIFICATION", properties.verification(),
            "CLOSURE", properties.closure(),
            "ESCALATION", properties.escalation(),
            "EXTENSION", properties.extension());
  }

  public Date due(String stage) {
    Duration limit = limits.get(stage);
    if (limit == null) {
      throw new IllegalArgumentException("no time limit configured for stage " + stage + "; known: " + limits.keySet());
    }
    return new Date(ClockUtil.getCurrentTime().getTime() + limit.toMillis());
  }
}
