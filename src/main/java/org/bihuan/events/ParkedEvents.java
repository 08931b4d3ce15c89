package org.bihuan.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bihuan.events.Inbox.ParkedEvent;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Early events wait in the inbox until the process reaches the matching wait state: every few
 * seconds each parked event is tried again in its own transaction; one parked longer than {@code
 * bihuan.events.parked-expiry} goes to its dead-letter topic with reason {@code expired-parked}.
 */
@Component
class ParkedEvents {

  private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

  private final Inbox inbox;
  private final InboundEvents events;
  private final TransactionTemplate transactions;
  private final KafkaTemplate<String, String> kafka;
  private final ObjectMapper json;
  private final EventsProperties properties;

  ParkedEvents(Inbox inbox, InboundEvents events, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
      ObjectMapper json, EventsProperties properties) {
    this.inbox = inbox;
    this.events = events;
    this.transactions = transactions;
    this.kafka = kafka;
    this.json = json;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${bihuan.events.parked-retry-interval:PT5S}")
  void retry() {
    List<ParkedEvent> candidates = transactions.execute(status -> inbox.lockParked(100));
    for (ParkedEvent parked : candidates == null ? List.<ParkedEvent>of() : candidates) {
      try {
        transactions.executeWithoutResult(status -> retry(parked));
      } catch (RejectedEvent rejected) {
        expire(parked, rejected.reason(), rejected.getMessage());
      } catch (RuntimeException e) {
        log.warn("parked event {} from {} could not be applied yet: {}", parked.id(), parked.source(), e.getMessage());
      }
    }
  }

  private void retry(ParkedEvent parked) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    EventEnvelope event;
    try {
      event = EventEnvelope.of(json.readTree(parked.payload()));
    } catch (JsonProcessingException e) {
      throw new RejectedEvent(RejectedEvent.MALFORMED_JSON, e.getOriginalMessage());
    }
    if (parked.receivedAt().plus(properties.parkedExpiry()).isBefore(now)) {
      throw new RejectedEvent(RejectedEvent.EXPIRED_PARKED,
          "parked since " + parked.receivedAt() + ", longer than " + properties.parkedExpiry());
    }
    events.retryParked(event);
  }

  private void expire(ParkedEvent parked, String reason, String message) {
    try {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(parked.topic() + ".DLT", parked.partition(), null, parked.payload());
      record.headers().add(KafkaConfiguration.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
      record.headers().add("kafka_dlt-exception-message", message.getBytes(StandardCharsets.UTF_8));
      record.headers().add("kafka_dlt-original-topic", parked.topic().getBytes(StandardCharsets.UTF_8));
      kafka.send(record).get(30, TimeUnit.SECONDS);
      transactions.executeWithoutResult(status -> inbox.expire(parked, reason));
    } catch (Exception e) {
      log.warn("parked event {} could not be dead-lettered yet: {}", parked.id(), e.getMessage());
    }
  }
}
