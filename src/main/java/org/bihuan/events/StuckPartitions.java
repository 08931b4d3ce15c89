package org.bihuan.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * Which inbound partitions are held up by a failing record, and since when. Spring Kafka's error
 * handler reports every failed delivery and every recovery here ({@link RetryListener}); a batch
 * that went through clears its partitions. A partition counts as stuck once the same record has
 * kept failing for {@code bihuan.events.stuck-partition-after} (see {@link EventsHealthIndicator}).
 */
@Component
class StuckPartitions implements RetryListener {

  /** The record a partition is held up by. */
  record Failing(TopicPartition partition, long offset, Instant since, int attempts, String error) {}

  private final Map<TopicPartition, Failing> failing = new ConcurrentHashMap<>();

  @Override
  public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    String error = KafkaConfiguration.shortMessage(ex);
    failing.compute(partition, (p, known) -> known != null && known.offset() == record.offset()
        ? new Failing(p, known.offset(), known.since(), known.attempts() + 1, error)
        : new Failing(p, record.offset(), now(), 1, error));
  }

  @Override
  public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
    for (TopicPartition partition : records.partitions()) {
      List<? extends ConsumerRecord<?, ?>> of = records.records(partition);
      if (!of.isEmpty()) {
        failedDelivery(of.get(0), ex, deliveryAttempt);
      }
    }
  }

  @Override
  public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
    failing.remove(new TopicPartition(record.topic(), record.partition()));
  }

  @Override
  public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
    failedDelivery(record, failure, 0);
  }

  /** The listener got through these records: their partitions are moving. */
  void progressed(Collection<? extends ConsumerRecord<?, ?>> records) {
    if (!failing.isEmpty()) {
      records.forEach(r -> failing.remove(new TopicPartition(r.topic(), r.partition())));
    }
  }

  /** Partitions held up by the same record for longer than {@code after}, longest first. */
  List<Failing> stuckLongerThan(Duration after) {
    Instant limit = now().minus(after);
    return failing.values().stream().filter(f -> f.since().isBefore(limit))
        .sorted(Comparator.comparing(Failing::since)).toList();
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
