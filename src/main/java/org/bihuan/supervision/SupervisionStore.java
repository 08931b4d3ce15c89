package org.bihuan.supervision;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bihuan.problem.Light;
import org.bihuan.problem.TaskLights;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read model of supervision ({@code bihuan.task_supervision}): one row per supervised open task
 * with its instants and the steps that fired, written in the engine's transaction.
 */
@Component
class SupervisionStore implements TaskLights {

  private final JdbcClient jdbc;

  SupervisionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void started(String taskId, String problemKey, String taskName, String activityId, SupervisionTimes times) {
    jdbc.sql("""
            insert into bihuan.task_supervision (task_id, problem_key, task_name, activity_id, created_at, warn_at, due_at, list_at)
            values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (task_id) do nothing
            """)
        .params(taskId, problemKey, taskName, activityId, ts(times.created()), ts(times.warnAt()), ts(times.dueAt()),
            ts(times.listAt()))
        .update();
  }

  void moved(String taskId, SupervisionTimes times) {
    jdbc.sql("update bihuan.task_supervision set warn_at = ?, due_at = ?, list_at = ? where task_id = ?")
        .params(ts(times.warnAt()), ts(times.dueAt()), ts(times.listAt()), taskId)
        .update();
  }

  /** Records that a step fired; {@code column} is one of reminded_at, supervised_at, listed_at. */
  void stepped(String taskId, String column) {
    if (!column.matches("reminded_at|supervised_at|listed_at")) {
      throw new IllegalArgumentException(column);
    }
    jdbc.sql("update bihuan.task_supervision set " + column + " = ? where task_id = ?")
        .params(ts(ClockUtil.getCurrentTime().toInstant()), taskId)
        .update();
  }

  void ended(String taskId) {
    jdbc.sql("delete from bihuan.task_supervision where task_id = ?").param(taskId).update();
  }

  Optional<Instant> dueOf(String taskId) {
    return jdbc.sql("select due_at from bihuan.task_supervision where task_id = ?").param(taskId)
        .query((rs, i) -> rs.getTimestamp(1).toInstant()).optional();
  }

  @Override
  public Map<String, TaskLight> of(String problemKey) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    Map<String, TaskLight> lights = new LinkedHashMap<>();
    jdbc.sql("""
            select task_id, warn_at, due_at, reminded_at, supervised_at, listed_at
            from bihuan.task_supervision where problem_key = ? order by due_at
            """)
        .param(problemKey)
        .query((rs, i) -> {
          Instant warnAt = rs.getTimestamp(2).toInstant();
          Instant dueAt = rs.getTimestamp(3).toInstant();
          lights.put(rs.getString(1), new TaskLight(Light.at(now, warnAt, dueAt), warnAt, dueAt,
              rs.getTimestamp(4) != null, rs.getTimestamp(5) != null, rs.getTimestamp(6) != null));
          return null;
        })
        .list();
    return lights;
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }
}
