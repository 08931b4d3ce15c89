package org.bihuan.events;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes the inbound topics in batches, applied in one transaction where possible (see {@link
 * InboundEvents#handleBatch}). Refused events are dead-lettered through {@link DeadLetters} (reason
 * header; the database when not even the bare record fits into the dead-letter topic); an event that
 * failed otherwise is handed to Spring Kafka's error handler by its index, so the events before it
 * are committed and the ones after it are redelivered.
 */
@Component
class InboundEventListener {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundEventListener.class);

  private final InboundEvents events;
  private final DeadLetters deadLetters;
  private final StuckPartitions stuckPartitions;

  InboundEventListener(InboundEvents events, DeadLetters deadLetters, StuckPartitions stuckPartitions) {
    this.events = events;
    this.deadLetters = deadLetters;
    this.stuckPartitions = stuckPartitions;
  }

  @KafkaListener(
      id = "bihuan-inbound",
      // the consumer group is spring.kafka.consumer.group-id ("bihuan"), not the listener id
      idIsGroup = false,
      topics = "#{@kafkaContracts.inboundTopicNames()}",
      batch = "true",
      concurrency = "${bihuan.events.concurrency:2}")
  void onEvents(List<ConsumerRecord<String, String>> records) {
    InboundEvents.BatchResult result = events.handleBatch(records);
    // refused records go to their dead-letter topic from here, after the batch's commit, so they
    // do not split the batch; the publisher waits for the broker's acknowledgement, and a failure
    // redelivers the batch (applied events are then duplicates, refused ones are refused again)
    for (InboundEvents.Refusal refusal : result.refused()) {
      log.warn("event at {}-{}@{} refused: {}", refusal.record().topic(), refusal.record().partition(),
          refusal.record().offset(), refusal.reason().getMessage());
      try {
        deadLetters.accept(refusal.record(), refusal.reason());
      } catch (RuntimeException e) {
        // the error handler takes it from this record: its recoverer (DeadLetters again) is retried
        // until the record is dead-lettered, never skipped; the rest redelivered. The refusal is the
        // cause so that the record keeps its reason.
        refusal.reason().addSuppressed(e);
        throw new BatchListenerFailedException("dead-lettering failed: " + e.getMessage(), refusal.reason(),
            refusal.index());
      }
    }
    if (result.failedIndex() >= 0) {
      throw new BatchListenerFailedException(
          "event " + result.failedIndex() + " of the batch failed: " + result.failure().getMessage(), result.failure(),
          result.failedIndex());
    }
    stuckPartitions.progressed(records);
  }
}
