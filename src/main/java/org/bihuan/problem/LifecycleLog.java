package org.bihuan.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records each lifecycle change of a problem and moves its stage, in the caller's transaction.
 * The table is the read model's source of truth for "what happened" and the outbox of the
 * events stage: an event id is stable, so consumers can deduplicate.
 */
@Component
public class LifecycleLog {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  LifecycleLog(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void record(String problemKey, LifecycleType type, Stage stage, String actor, Map<String, ?> data) {
    String payload;
    try {
      payload = json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("lifecycle data of " + problemKey + " is not JSON-serialisable", e);
    }
    jdbc.sql(
            """
            insert into bihuan.lifecycle_event (id, problem_key, type, stage, actor, occurred_at, data)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
            """)
        .params(UUID.randomUUID(), problemKey, type.name(), stage.name(), actor, ProblemRepository.now(), payload)
        .update();
    jdbc.sql("update bihuan.problem set stage = ?, updated_at = ? where key = ?")
        .params(stage.name(), ProblemRepository.now(), problemKey)
        .update();
  }

  /** The lifecycle of one problem, oldest first. */
  public List<LifecycleEntry> history(String problemKey) {
    return jdbc.sql(
            "select type, stage, actor, occurred_at, data::text from bihuan.lifecycle_event where problem_key = ? order by seq")
        .param(problemKey)
        .query(
            (rs, i) ->
                new LifecycleEntry(
                    LifecycleType.valueOf(rs.getString(1)),
                    Stage.valueOf(rs.getString(2)),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant(),
                    rs.getString(5)))
        .list();
  }

  /** One recorded lifecycle change; {@code data} is its JSON payload. */
  public record LifecycleEntry(LifecycleType type, Stage stage, String actor, Instant occurredAt, String data) {}
}
