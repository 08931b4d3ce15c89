package org.bihuan.problem;

import java.time.Instant;
import java.util.List;

/** The human tasks a problem waits for, as the engine knows them (implemented by the engine adapter). */
public interface OpenTasks {

  List<OpenTask> of(String problemKey);

  /** An open user task with the groups that may claim it and its due date. */
  record OpenTask(
      String id,
      String name,
      String taskDefinitionKey,
      String processDefinitionKey,
      List<String> candidateGroups,
      String assignee,
      Instant created,
      Instant due) {}
}
