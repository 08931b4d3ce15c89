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

  /**
   * Parks an event, noting what it waits for: the problem's stage now and the BPMN message it
   * would be correlated as ({@link ParkedEvents} tries it again when either changes).
   */
  void park(EventEnvelope event, String reason, String waitsFor) {
    jdbc.sql(
            """
            update bihuan.inbox_event set status = 'PARKED', reason = ?, applied_at = null, waits_for = ?, tried_at = null,
              parked_stage = (select stage from bihuan.problem where key = inbox_event.subject)
            where source = ? and id = ?
            """)
        .params(reason, waitsFor, event.source(), event.id())
        .update();
  }

  /** How many events a source has parked. */
  long parkedBy(String source) {
    return jdbc.sql("select count(*) from bihuan.inbox_event where source = ? and status = 'PARKED'")
        .param(source).query(Long.class).single();
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

  /** A parked event was tried and is still parked: it waits for the problem's next change. */
  void touch(EventEnvelope event) {
    jdbc.sql(
            """
            update bihuan.inbox_event set attempts = attempts + 1, tried_at = ?,
              parked_stage = (select stage from bihuan.problem where key = inbox_event.subject)
            where source = ? and id = ?
            """)
        .params(now(), event.source(), event.id())
        .update();
  }

  void expire(ParkedEvent parked, String reason) {
    jdbc.sql("update bihuan.inbox_event set status = 'EXPIRED', reason = ? where source = ? and id = ?")
        .params(reason, parked.source(), parked.id())
        .update();
  }

  /**
   * Parked events worth trying now, in the order they arrived, locked for this node (others skip
   * them), at most {@code limit} of each kind:
   *
   * <ul>
   *   <li>expired ones (received before {@code expiredBefore});
   *   <li>applicable ones: their problem's stage is no longer the one they were last tried at, or
   *       the problem's process has started waiting for their message since (Camunda's message
   *       subscription, read from its table: one set-based query instead of an engine call per
   *       parked event);
   *   <li>the ones not tried since {@code sweepBefore}, least recently tried first (a safety net
   *       for changes neither sign shows; it cycles through all, so none is starved).
   * </ul>
   *
   * Events parked for problems that do not change are never among the applicable ones, so any
   * number of them cannot keep an applicable event waiting.
   */
  List<ParkedEvent> lockParkedToTry(int limit, Instant expiredBefore, Instant sweepBefore) {
    return jdbc.sql(
            """
            with expired as (
              select i.source, i.id from bihuan.inbox_event i
              where i.status = 'PARKED' and i.received_at < :expiredBefore
              order by i.received_at limit :limit
            ), applicable as (
              select i.source, i.id from bihuan.inbox_event i join bihuan.problem p on p.key = i.subject
              where i.status = 'PARKED'
                and (p.stage is distinct from i.parked_stage
                  or exists (select 1 from act_ru_event_subscr s
                             where s.proc_inst_id_ = p.process_instance_id and s.event_type_ = 'message'
                               and s.event_name_ = i.waits_for and s.created_ >= coalesce(i.tried_at, i.received_at)))
              order by i.received_at limit :limit
            ), swept as (
              select i.source, i.id from bihuan.inbox_event i
              where i.status = 'PARKED' and coalesce(i.tried_at, i.received_at) < :sweepBefore
              order by coalesce(i.tried_at, i.received_at) limit :limit
            )
            select i.source, i.id, i.topic, i.kafka_partition, i.kafka_offset, i.payload::text, i.received_at
            from bihuan.inbox_event i
            where i.status = 'PARKED' and (i.source, i.id) in (select * from expired union select * from applicable
                                                               union select * from swept)
            order by i.received_at, i.kafka_offset
            for update skip locked
            """)
        .param("limit", limit)
        .param("expiredBefore", Timestamp.from(expiredBefore))
        .param("sweepBefore", Timestamp.from(sweepBefore))
        .query((rs, i) -> new ParkedEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
            rs.getString(6), rs.getTimestamp(7).toInstant()))
        .list();
  }

  /** A parked event. */
  record ParkedEvent(String source, String id, String topic, int partition, long offset, String payload,
      Instant receivedAt) {}

  private static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }
}
