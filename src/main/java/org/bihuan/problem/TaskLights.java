package org.bihuan.problem;

import java.time.Instant;
import java.util.Map;

/** Supervision state of a problem's open tasks, by task id (implemented by org.bihuan.supervision). */
public interface TaskLights {

  Map<String, TaskLight> of(String problemKey);

  /** One supervised open task: its light now and which supervision steps have fired. */
  record TaskLight(Light light, Instant warnAt, Instant dueAt, boolean reminded, boolean supervised, boolean listed) {}
}
