package org.bihuan.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.bihuan.events.Inbox.ParkedEvent;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Early events wait in the inbox until the process reaches the matching wait state. Every {@code
 * bihuan.events.parked-retry-interval} the events that may have become applicable are tried again,
 * each in its own transaction: those whose problem changed stage since they were last tried, or
 * whose process has started waiting for their message (see {@link Inbox#lockParkedToTry}) — not
 * the oldest first, so events parked for problems that never get there cannot starve the others.
 * Every parked event is also tried at least every {@code parked-sweep-interval}. One parked longer
 * than {@code parked-expiry} goes to its dead-letter topic with reason {@code expired-parked}. How
 * many events one source may park is bounded ({@code max-parked-per-source}, see {@link
 * InboundEvents}).
 */
@Component
class ParkedEvents {

  private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

  /** Parked events per kind (expired, applicable, swept) and round. */
  private static final int PER_ROUND = 200;

  private final Inbox inbox;
  private final InboundEvents events;
  private final TransactionTemplate transactions;
  private final DeadLetters deadLetters;
  private final ObjectMapper json;
  private final EventsProperties properties;

  ParkedEvents(Inbox inbox, InboundEvents events, TransactionTemplate transactions, DeadLetters deadLetters,
      ObjectMapper json, EventsProperties properties) {
    this.inbox = inbox;
    this.events = events;
    this.transactions = transactions;
    this.deadLetters = deadLetters;
    this.json = json;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${bihuan.events.parked-retry-interval:PT5S}")
  void retry() {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    List<ParkedEvent> candidates = transactions.execute(status -> inbox.lockParkedToTry(PER_ROUND,
        now.minus(properties.parkedExpiry()), now.minus(properties.parkedSweepInterval())));
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
      deadLetters.send(parked.topic(), parked.partition(), parked.offset(), null, parked.payload(), reason, message);
      transactions.executeWithoutResult(status -> inbox.expire(parked, reason));
    } catch (RuntimeException e) {
      log.warn("parked event {} could not be dead-lettered yet: {}", parked.id(), e.getMessage());
    }
  }
}
