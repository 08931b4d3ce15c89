package org.bihuan.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Where a refused record goes — always somewhere, so that its partition moves on:
 *
 * <ol>
 *   <li>its dead-letter topic through Spring Kafka's {@link DeadLetterPublishingRecoverer}: the
 *       record with its own headers plus the reason, a short message and the original
 *       topic/partition/offset (no stack trace, see {@link KafkaConfiguration});
 *   <li>if the broker refuses that copy as too large ({@link RecordTooLargeException}): the bare
 *       record — key and value, without its own headers — with the same few headers;
 *   <li>if even that is too large: a row of {@code bihuan.dead_letter_fallback} ({@link
 *       DeadLetterFallback}), and the partition moves on.
 * </ol>
 *
 * Any other failure (broker unreachable) is thrown: the record is retried, never skipped, and
 * {@link StuckPartitions} reports the partition once it stays stuck.
 */
@Component
class DeadLetters implements ConsumerRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final DeadLetterPublishingRecoverer recoverer;
  private final KafkaTemplate<String, String> kafka;
  private final DeadLetterFallback fallback;
  private final MeterRegistry meters;

  DeadLetters(DeadLetterPublishingRecoverer recoverer, KafkaTemplate<String, String> kafka, DeadLetterFallback fallback,
      MeterRegistry meters) {
    this.recoverer = recoverer;
    this.kafka = kafka;
    this.fallback = fallback;
    this.meters = meters;
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    try {
      recoverer.accept(record, exception);
      count(record.topic(), KafkaConfiguration.reasonOf(exception));
      return;
    } catch (RuntimeException e) {
      if (!tooLarge(e)) {
        throw e;
      }
      log.warn("dead letter of {}-{}@{} is too large for {}.DLT with its headers; sending the bare record",
          record.topic(), record.partition(), record.offset(), record.topic());
    }
    String reason = KafkaConfiguration.reasonOf(exception);
    String message = KafkaConfiguration.shortMessage(exception);
    String value = record.value() == null ? null : record.value().toString();
    String key = record.key() == null ? null : record.key().toString();
    try {
      send(record.topic(), record.partition(), record.offset(), key, value, reason, message);
      count(record.topic(), reason);
    } catch (RecordTooLargeException e) {
      log.warn("even the bare record {}-{}@{} is too large for {}.DLT; keeping it in bihuan.dead_letter_fallback",
          record.topic(), record.partition(), record.offset(), record.topic());
      fallback.keep(record, key, value, reason, message, e.getMessage());
      meters.counter("bihuan.events.dead-letter-fallback", "topic", record.topic(), "reason", reason).increment();
    }
  }

  /**
   * Writes a record to {@code <topic>.DLT}, same partition, with Bihuan's reason and a short
   * message and the original topic/partition/offset in Spring Kafka's header names; waits for the
   * broker's acknowledgement.
   *
   * @throws RecordTooLargeException when the broker or the producer refuses it as too large
   */
  void send(String topic, int partition, long offset, String key, String value, String reason, String message) {
    Headers headers = new RecordHeaders();
    headers.add(KafkaConfiguration.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
    headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
    headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
    if (offset >= 0) {
      headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
    }
    ProducerRecord<String, String> out = new ProducerRecord<>(topic + ".DLT", partition, key, value, headers);
    try {
      kafka.send(out).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while dead-lettering " + topic + "-" + partition + "@" + offset, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      RecordTooLargeException tooLarge = tooLargeIn(e);
      if (tooLarge != null) {
        throw tooLarge;
      }
      throw new KafkaException("dead-lettering " + topic + "-" + partition + "@" + offset + " failed: " + e, e);
    }
  }

  private void count(String topic, String reason) {
    meters.counter("bihuan.events.dead-lettered", "topic", topic, "reason", reason).increment();
  }

  private static boolean tooLarge(Throwable e) {
    return tooLargeIn(e) != null;
  }

  private static RecordTooLargeException tooLargeIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }
}
