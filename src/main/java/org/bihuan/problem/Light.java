package org.bihuan.problem;

import java.sql.Timestamp;
import java.util.List;

/**
 * The light (红黄绿灯) of an open task: GREEN before its 预警 instant, YELLOW from there to its
 * limit, RED after the limit. A problem's light is the worst light of its open tasks. The instants
 * are those at which the supervision timers fire (docs/adr/0008-supervision.md).
 */
public enum Light {
  GREEN,
  YELLOW,
  RED;

  /** The light at {@code now} of a task warned at {@code warnAt} and due at {@code dueAt}. */
  public static Light at(java.time.Instant now, java.time.Instant warnAt, java.time.Instant dueAt) {
    if (!now.isBefore(dueAt)) {
      return RED;
    }
    return now.isBefore(warnAt) ? GREEN : YELLOW;
  }

  /** Appends the listing condition "the problem's light is this one" for the problem row {@code p}. */
  void condition(StringBuilder sql, List<Object> params, Timestamp now) {
    String task = "select 1 from bihuan.task_supervision s where s.problem_key = p.key";
    switch (this) {
      case RED -> {
        sql.append(" and exists (").append(task).append(" and s.due_at <= ?)");
        params.add(now);
      }
      case YELLOW -> {
        sql.append(" and exists (").append(task).append(" and s.warn_at <= ?)")
            .append(" and not exists (").append(task).append(" and s.due_at <= ?)");
        params.add(now);
        params.add(now);
      }
      case GREEN -> {
        sql.append(" and exists (").append(task).append(")")
            .append(" and not exists (").append(task).append(" and s.warn_at <= ?)");
        params.add(now);
      }
    }
  }
}
