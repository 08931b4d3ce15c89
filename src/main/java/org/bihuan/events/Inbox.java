package org.bihuan.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The inbox table: one row per inbound event by (source, id). */
@Repository
class Inbox {

  private final JdbcClient jdbc;

  Inbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records an event; false when it was seen before (a redelivery or replay). */
  boolean record(EventEnvelope event, ConsumerRecord<String, String> record) {
    return jdbc.sql(
            """
            insert into bihuan.inbox_event (source, id, type, subject, topic, kafka_partition, kafka_offset, status,
              payload, received_at, applied_at, attempts)
            values (?, ?, ?, ?, ?, ?, ?, 'APPLIED', cast(? as jsonb), ?, ?, 1)
            on conflict (source, id) do nothing
            """)
        .params(event.source(), event.id(), event.type(), event.subject(), record.topic(), record.partition(),
            record.offset(), event.raw().toString(), now(), now())
        .update() == 1;
  }

  /** Removes the row of an event refused in the running transaction (it was never applied). */
  void forget(EventEnvelope event) {
    jdbc.sql("delete from bihuan.inbox_event where source = ? and id = ?").params(event.source(), event.id()).update();
  }

  void park(EventEnvelope event, String reason) {
    jdbc.sql("update bihuan.inbox_event set status = 'PARKED', reason = ?, applied_at = null where source = ? and id = ?")
        .params(reason, event.source(), event.id())
        .update();
  }

  void markDuplicate(EventEnvelope event) {
    jdbc.sql("update bihuan.inbox_event set status = 'DUPLICATE' where source = ? and id = ?")
        .params(event.source(), event.id())
        .update();
  }

  void markApplied(EventEnvelope event) {
    jdbc.sql("update bihuan.inbox_event set status = 'APPLIED', applied_at = ?, attempts = attempts + 1, reason = null"
            + " where source = ? and id = ?")
        .params(now(), event.source(), event.id())
        .update();
  }

  void touch(EventEnvelope event) {
    jdbc.sql("update bihuan.inbox_event set attempts = attempts + 1 where source = ? and id = ?")
        .params(event.source(), event.id())
        .update();
  }

  void expire(ParkedEvent parked, String reason) {
    jdbc.sql("update bihuan.inbox_event set status = 'EXPIRED', reason = ? where source = ? and id = ?")
        .params(reason, parked.source(), parked.id())
        .update();
  }

  /** Parked events, oldest first, locked for this node (others skip them). */
  List<ParkedEvent> lockParked(int limit) {
    return jdbc.sql(
            """
            select source, id, topic, kafka_partition, payload::text, received_at from bihuan.inbox_event
            where status = 'PARKED' order by received_at limit ? for update skip locked
            """)
        .param(limit)
        .query((rs, i) -> new ParkedEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getTimestamp(6).toInstant()))
        .list();
  }

  /** A parked event. */
  record ParkedEvent(String source, String id, String topic, int partition, String payload, Instant receivedAt) {}

  private static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }
}
