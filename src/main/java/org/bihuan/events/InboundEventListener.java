package org.bihuan.events;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes the inbound topics in batches. Each event is applied in its own transaction for now
 * (the benchmark stage groups them); a failing event is handed to the error handler by its index,
 * so the events before it are committed and the ones after it are redelivered.
 */
@Component
class InboundEventListener {

  private final InboundEvents events;

  InboundEventListener(InboundEvents events) {
    this.events = events;
  }

  @KafkaListener(
      id = "bihuan-inbound",
      topics = "#{@kafkaContracts.inboundTopicNames()}",
      batch = "true",
      concurrency = "${bihuan.events.concurrency:2}")
  void onEvents(List<ConsumerRecord<String, String>> records) {
    for (int i = 0; i < records.size(); i++) {
      try {
        events.handle(records.get(i));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("event " + i + " of the batch failed: " + e.getMessage(), e, i);
      }
    }
  }
}
