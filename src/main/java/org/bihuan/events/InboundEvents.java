package org.bihuan.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bihuan.catalog.CatalogService;
import org.bihuan.identity.Groups;
import org.bihuan.problem.ProblemRuleViolation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns one inbound record into its effect, exactly once: checks it (size, JSON, type, schema,
 * unit), then in ONE database transaction records it in the inbox by (source, id) and applies it —
 * a redelivered or replayed event finds its inbox row and changes nothing. An event the process
 * cannot take yet is parked in the inbox. A refused event throws {@link RejectedEvent}.
 */
@Service
class InboundEvents {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundEvents.class);

  /** What became of an event. */
  enum Outcome { APPLIED, PARKED, DUPLICATE }

  private final KafkaContracts contracts;
  private final CatalogService catalog;
  private final Inbox inbox;
  private final EventEffects effects;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;
  private final MeterRegistry meters;
  private final EventsProperties properties;
  private final SourceSignatures signatures;

  InboundEvents(KafkaContracts contracts, CatalogService catalog, Inbox inbox, EventEffects effects,
      TransactionTemplate transactions, ObjectMapper json, MeterRegistry meters, EventsProperties properties,
      SourceSignatures signatures) {
    this.contracts = contracts;
    this.catalog = catalog;
    this.inbox = inbox;
    this.effects = effects;
    this.transactions = transactions;
    this.json = json;
    this.meters = meters;
    this.properties = properties;
    this.signatures = signatures;
  }

  /**
   * Applies a batch in as few transactions as correctness allows: all events up to the first one
   * that fails its checks go in ONE transaction; if that transaction fails, they are applied one by
   * one so the failing event is isolated. Returns the index of the first event that failed (its
   * predecessors are applied), or -1; the failure is in {@code failure}.
   */
  int handleBatch(List<ConsumerRecord<String, String>> records, RuntimeException[] failure) {
    List<EventEnvelope> checked = new java.util.ArrayList<>();
    int firstRejected = -1;
    for (int i = 0; i < records.size(); i++) {
      try {
        checked.add(check(records.get(i)));
      } catch (RejectedEvent rejected) {
        firstRejected = i;
        failure[0] = rejected;
        break;
      }
    }
    try {
      List<Outcome> outcomes = transactions.execute(status -> {
        List<Outcome> results = new java.util.ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
          results.add(applyChecked(checked.get(i), records.get(i)));
        }
        return results;
      });
      count(checked, outcomes);
      return firstRejected;
    } catch (RuntimeException batchFailed) {
      log.info("batch of {} events rolled back ({}); applying them one by one", checked.size(), batchFailed.toString());
      // isolate the event that failed: one transaction each, up to the failing one
      for (int i = 0; i < checked.size(); i++) {
        try {
          handle(checked.get(i), records.get(i));
        } catch (RuntimeException e) {
          failure[0] = e;
          return i;
        }
      }
      return firstRejected;
    }
  }

  Outcome handle(ConsumerRecord<String, String> record) {
    return handle(check(record), record);
  }

  private Outcome handle(EventEnvelope event, ConsumerRecord<String, String> record) {
    Outcome outcome = transactions.execute(status -> applyChecked(event, record));
    count(List.of(event), List.of(outcome));
    return outcome;
  }

  /** Inbox and effect, in the caller's transaction. */
  private Outcome applyChecked(EventEnvelope event, ConsumerRecord<String, String> record) {
    if (!inbox.record(event, record)) {
      return Outcome.DUPLICATE;
    }
    Outcome result = effects.apply(event);
    if (result == Outcome.PARKED) {
      inbox.park(event, "waiting for the process to reach the matching wait state");
    } else if (result == Outcome.DUPLICATE) {
      inbox.markDuplicate(event);
    }
    return result;
  }

  private void count(List<EventEnvelope> events, List<Outcome> outcomes) {
    for (int i = 0; i < events.size(); i++) {
      meters.counter("bihuan.events.inbound", "type", events.get(i).type(), "outcome",
          outcomes.get(i).name().toLowerCase()).increment();
    }
  }

  /** Everything that can be checked without the database's state of the problem. */
  EventEnvelope check(ConsumerRecord<String, String> record) {
    String value = record.value();
    if (value == null || value.isBlank()) {
      throw new RejectedEvent(RejectedEvent.MALFORMED_JSON, "empty record");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > properties.maxEventBytes()) {
      throw new RejectedEvent(RejectedEvent.OVERSIZE, "record exceeds " + properties.maxEventBytes() + " bytes");
    }
    JsonNode tree;
    try {
      tree = json.readTree(value);
    } catch (JsonProcessingException e) {
      throw new RejectedEvent(RejectedEvent.MALFORMED_JSON, e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new RejectedEvent(RejectedEvent.MALFORMED_JSON, "not a JSON object");
    }
    String type = tree.path("type").asText(null);
    String expected = contracts.eventTypeOf(record.topic());
    if (type == null || !contracts.knowsType(type) || !type.equals(expected)) {
      throw new RejectedEvent(RejectedEvent.UNKNOWN_TYPE,
          "type " + type + " on topic " + record.topic() + " (expected " + expected + ")");
    }
    Set<String> errors = contracts.validate(type, tree);
    if (!errors.isEmpty()) {
      throw new RejectedEvent(RejectedEvent.SCHEMA_INVALID, String.join("; ", errors));
    }
    EventEnvelope event = EventEnvelope.of(tree);
    if (event.unitCode() == null || catalog.unit(event.unitCode()).isEmpty()) {
      throw new RejectedEvent(RejectedEvent.UNKNOWN_UNIT, "source " + event.source() + " is not a unit of the catalogue");
    }
    signatures.verify(record, event.unitCode());
    return event;
  }

  /** Applies a parked event again; in the caller's transaction. */
  Outcome retryParked(EventEnvelope event) {
    Outcome result = effects.apply(event);
    if (result == Outcome.APPLIED) {
      inbox.markApplied(event);
    } else {
      inbox.touch(event);
    }
    return result;
  }

  /** The Camunda groups an event's unit acts with. */
  static List<String> groupsOf(EventEnvelope event) {
    return List.of(Groups.unit(event.unitCode()), Groups.EVENT_GATEWAY);
  }

  /** A rule of the loop broken by an event's content is a permanent refusal. */
  static RejectedEvent refused(ProblemRuleViolation violation) {
    return new RejectedEvent(RejectedEvent.NOT_APPLICABLE, violation.getMessage());
  }
}
