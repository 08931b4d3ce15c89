package org.bihuan.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox relay: lifecycle events committed with their engine change
 * ({@code bihuan.lifecycle_event}) are sent to {@code bihuan.issue-lifecycle.v1} by an idempotent
 * producer and marked as published in the same database transaction that locked them. A crash
 * after the commit and before the send leaves them unpublished, and the next round sends them
 * (at least once; the CloudEvents id is the row's id, so consumers deduplicate). A rolled-back
 * change never wrote a row. Rows are sent in commit order, keyed by business key, so each problem's
 * events stay ordered on one partition.
 *
 * <p>Several nodes (ADR 0007): each round first takes PostgreSQL's transaction-scoped advisory lock
 * {@link #LEASE}; a node that does not get it skips the round. So one relay sends at a time, and
 * two nodes never publish two batches concurrently (which could reorder one problem's events across
 * two producers). The lock needs no table and no expiry: PostgreSQL releases it at commit, at
 * rollback, and when a killed node's connection closes.
 */
@Component
@ConditionalOnProperty(name = "bihuan.events.relay-enabled", havingValue = "true", matchIfMissing = true)
class LifecycleRelay {

  static final String TOPIC = "bihuan.issue-lifecycle.v1";
  /** Key of the relay's advisory lock: any constant, unique among Bihuan's advisory locks (ASCII "bihuanre"). */
  static final long LEASE = 0x62696875616e7265L;
  private static final Logger log = LoggerFactory.getLogger(LifecycleRelay.class);

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;
  private final EventsProperties properties;

  LifecycleRelay(JdbcClient jdbc, KafkaTemplate<String, String> kafka, TransactionTemplate transactions, ObjectMapper json,
      EventsProperties properties) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.transactions = transactions;
    this.json = json;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${bihuan.events.relay-interval:PT0.2S}")
  void relay() {
    int sent;
    do {
      sent = relayOnce();
    } while (sent == properties.relayBatchSize());
  }

  /** Sends one batch; returns how many were sent. */
  int relayOnce() {
    Integer sent = transactions.execute(status -> {
      // the lease: another node's relay holds it for the rest of its round; try again next round
      if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LEASE).query(Boolean.class).single())) {
        return 0;
      }
      List<Row> rows = jdbc.sql(
              """
              select id, seq, problem_key, type, stage, actor, occurred_at, data::text from bihuan.lifecycle_event
              where published_at is null order by seq limit ? for update
              """)
          .param(properties.relayBatchSize())
          .query((rs, i) -> new Row((UUID) rs.getObject(1), rs.getLong(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)))
          .list();
      if (rows.isEmpty()) {
        return 0;
      }
      List<CompletableFuture<?>> sends = new ArrayList<>();
      for (Row row : rows) {
        sends.add(kafka.send(new ProducerRecord<>(TOPIC, row.problemKey(), cloudEvent(row))));
      }
      try {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while relaying lifecycle events", e);
      } catch (ExecutionException | TimeoutException e) {
        // nothing is marked: the whole batch is sent again next round
        throw new IllegalStateException("lifecycle events could not be sent; will retry", e);
      }
      jdbc.sql("update bihuan.lifecycle_event set published_at = ? where id = any(?)")
          .params(Timestamp.from(Instant.now()), rows.stream().map(Row::id).toArray(UUID[]::new))
          .update();
      return rows.size();
    });
    if (sent != null && sent > 0) {
      log.debug("relayed {} lifecycle events", sent);
    }
    return sent == null ? 0 : sent;
  }

  private String cloudEvent(Row row) {
    ObjectNode event = json.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", row.id().toString());
    event.put("source", "/bihuan");
    event.put("type", TOPIC);
    event.put("time", row.occurredAt().toString());
    event.put("subject", row.problemKey());
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    data.put("problemKey", row.problemKey());
    data.put("lifecycle", row.type());
    data.put("stage", row.stage());
    data.put("sequence", row.seq());
    if (row.actor() != null) {
      data.put("actor", row.actor());
    }
    try {
      data.set("details", json.readTree(row.data()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("lifecycle data of " + row.id() + " is not JSON", e);
    }
    return event.toString();
  }

  private record Row(UUID id, long seq, String problemKey, String type, String stage, String actor, Instant occurredAt,
      String data) {}
}
