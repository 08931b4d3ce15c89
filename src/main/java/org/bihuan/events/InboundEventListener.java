package org.bihuan.events;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes the inbound topics in batches, applied in one transaction where possible (see {@link
 * InboundEvents#handleBatch}); a failing event is handed to Spring Kafka's error handler by its
 * index, so the events before it are committed and the ones after it are redelivered.
 */
@Component
class InboundEventListener {

  private final InboundEvents events;

  InboundEventListener(InboundEvents events) {
    this.events = events;
  }

  @KafkaListener(
      id = "bihuan-inbound",
      // the consumer group is spring.kafka.consumer.group-id ("bihuan"), not the listener id
      idIsGroup = false,
      topics = "#{@kafkaContracts.inboundTopicNames()}",
      batch = "true",
      concurrency = "${bihuan.events.concurrency:2}")
  void onEvents(List<ConsumerRecord<String, String>> records) {
    RuntimeException[] failure = new RuntimeException[1];
    int failed = events.handleBatch(records, failure);
    if (failed >= 0) {
      throw new BatchListenerFailedException(
          "event " + failed + " of the batch failed: " + failure[0].getMessage(), failure[0], failed);
    }
  }
}
