package org.bihuan.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code bihuan.dead_letter_fallback}: refused records that could not be written to their
 * dead-letter topic even bare, by topic, partition and offset. Operators read and delete rows; the
 * health endpoint shows how many there are.
 */
@Repository
class DeadLetterFallback {

  private static final int TEXT_LIMIT = 1000;

  private final JdbcClient jdbc;
  private final EventsProperties properties;

  DeadLetterFallback(JdbcClient jdbc, EventsProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** Keeps a record (once: a redelivered record finds its row). */
  void keep(ConsumerRecord<?, ?> record, String key, String value, String reason, String message, String failure) {
    byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    StringJoiner headerNames = new StringJoiner(",");
    for (Header header : record.headers()) {
      headerNames.add(header.key());
    }
    jdbc.sql(
            """
            insert into bihuan.dead_letter_fallback (topic, kafka_partition, kafka_offset, reason, message, record_key,
              value, value_bytes, value_sha256, header_names, failure, recorded_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict do nothing
            """)
        .params(record.topic(), record.partition(), record.offset(), reason, cut(message), cut(key),
            bytes.length <= properties.maxEventBytes() ? value : null, bytes.length,
            value == null ? null : sha256(bytes), cut(headerNames.toString()), cut(String.valueOf(failure)),
            new Timestamp(ClockUtil.getCurrentTime().getTime()))
        .update();
  }

  /** How many records are kept here, and the latest of them. */
  Summary summary() {
    long count = jdbc.sql("select count(*) from bihuan.dead_letter_fallback").query(Long.class).single();
    Optional<String> latest = jdbc.sql(
            "select topic || '-' || kafka_partition || '@' || kafka_offset || ' (' || reason || ')'"
                + " from bihuan.dead_letter_fallback order by recorded_at desc limit 1")
        .query(String.class).optional();
    return new Summary(count, latest.orElse(null));
  }

  record Summary(long count, String latest) {}

  private static String cut(String text) {
    return text == null || text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
