package org.bihuan.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bihuan.catalog.CatalogService;
import org.bihuan.identity.Groups;
import org.bihuan.loop.ProblemProcess;
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
  private final ProblemProcess process;

  InboundEvents(KafkaContracts contracts, CatalogService catalog, Inbox inbox, EventEffects effects,
      TransactionTemplate transactions, ObjectMapper json, MeterRegistry meters, EventsProperties properties,
      SourceSignatures signatures, ProblemProcess process) {
    this.process = process;
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

  /** A refused record of a batch, for its dead-letter topic. */
  record Refusal(int index, ConsumerRecord<String, String> record, RejectedEvent reason) {}

  /**
   * What became of a batch: the refused records (to be dead-lettered) and, if an event failed for
   * another reason, its index — the events before it are done, it and the rest must be redelivered.
   */
  record BatchResult(List<Refusal> refused, int failedIndex, RuntimeException failure) {}

  /**
   * Applies a batch in as few transactions and engine commands as correctness allows.
   *
   * <ul>
   *   <li>Records that fail their checks are refused without stopping the batch.
   *   <li>The rest go in ONE transaction, in waves: a wave holds at most one event per problem (the
   *       k-th event of a problem in the batch goes into wave k), so the events of a problem keep
   *       their order, and each wave is ONE engine command (the engine flushes once per wave, see
   *       {@link ProblemProcess#inOneCommand}).
   *   <li>An event refused by a check before it changed anything loses its inbox row and is
   *       refused; the transaction goes on.
   *   <li>Any other failure rolls the whole transaction back and the events are applied again one
   *       transaction each, so the failing event is isolated.
   * </ul>
   */
  BatchResult handleBatch(List<ConsumerRecord<String, String>> records) {
    List<Refusal> refused = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<EventEnvelope> checked = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        checked.add(check(records.get(i)));
        indexes.add(i);
      } catch (RejectedEvent rejected) {
        refused.add(new Refusal(i, records.get(i), rejected));
      }
    }
    if (checked.isEmpty()) {
      return new BatchResult(refused, -1, null);
    }
    List<List<Integer>> waves = waves(checked);
    try {
      Outcome[] outcomes = new Outcome[checked.size()];
      RejectedEvent[] refusals = new RejectedEvent[checked.size()];
      transactions.executeWithoutResult(status -> {
        for (List<Integer> wave : waves) {
          process.inOneCommand(() -> {
            for (int j : wave) {
              applyInBatch(j, checked.get(j), records.get(indexes.get(j)), outcomes, refusals);
            }
            return null;
          });
        }
      });
      List<Refusal> all = new ArrayList<>(refused);
      for (int j = 0; j < checked.size(); j++) {
        if (refusals[j] != null) {
          all.add(new Refusal(indexes.get(j), records.get(indexes.get(j)), refusals[j]));
        } else {
          count(checked.get(j), outcomes[j]);
        }
      }
      all.sort(Comparator.comparingInt(Refusal::index));
      return new BatchResult(all, -1, null);
    } catch (RuntimeException batchFailed) {
      log.info("batch of {} events rolled back ({}); applying them one by one", checked.size(), batchFailed.toString());
      // isolate the event that failed: one transaction each
      List<Refusal> all = new ArrayList<>(refused);
      for (int j = 0; j < checked.size(); j++) {
        int index = indexes.get(j);
        try {
          handle(checked.get(j), records.get(index));
        } catch (RejectedEvent rejected) {
          all.add(new Refusal(index, records.get(index), rejected));
        } catch (RuntimeException e) {
          // redelivered from here: refusals after it will be found again
          all.removeIf(r -> r.index() > index);
          all.sort(Comparator.comparingInt(Refusal::index));
          return new BatchResult(all, index, e);
        }
      }
      all.sort(Comparator.comparingInt(Refusal::index));
      return new BatchResult(all, -1, null);
    }
  }

  /** Inbox and effect inside a batch; a refusal that changed nothing leaves no trace but the refusal. */
  private void applyInBatch(int j, EventEnvelope event, ConsumerRecord<String, String> record, Outcome[] outcomes,
      RejectedEvent[] refusals) {
    if (!inbox.record(event, record)) {
      outcomes[j] = Outcome.DUPLICATE;
      return;
    }
    try {
      outcomes[j] = effectOf(event);
    } catch (RejectedEvent rejected) {
      if (!rejected.beforeAnyChange()) {
        throw rejected;
      }
      inbox.forget(event);
      refusals[j] = rejected;
    }
  }

  /**
   * Waves of a batch: the k-th event about a problem (by subject) goes into wave k; events without
   * a problem (new problems, indicator values) go into the first wave.
   */
  static List<List<Integer>> waves(List<EventEnvelope> events) {
    Map<String, Integer> seen = new HashMap<>();
    List<List<Integer>> waves = new ArrayList<>();
    for (int j = 0; j < events.size(); j++) {
      String subject = events.get(j).subject();
      int wave = subject == null ? 0 : seen.merge(subject, 1, Integer::sum) - 1;
      while (waves.size() <= wave) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(j);
    }
    return waves;
  }

  Outcome handle(ConsumerRecord<String, String> record) {
    return handle(check(record), record);
  }

  private Outcome handle(EventEnvelope event, ConsumerRecord<String, String> record) {
    Outcome outcome = transactions.execute(status -> applyChecked(event, record));
    count(event, outcome);
    return outcome;
  }

  /** Inbox and effect, in the caller's transaction. */
  private Outcome applyChecked(EventEnvelope event, ConsumerRecord<String, String> record) {
    if (!inbox.record(event, record)) {
      return Outcome.DUPLICATE;
    }
    return effectOf(event);
  }

  private Outcome effectOf(EventEnvelope event) {
    Outcome result = effects.apply(event);
    if (result == Outcome.PARKED) {
      // parking changed nothing yet: over the limit the event is refused and leaves no inbox row
      long parked = inbox.parkedBy(event.source());
      if (parked >= properties.maxParkedPerSource()) {
        throw new RejectedEvent(RejectedEvent.PARK_LIMIT, event.source() + " has " + parked
            + " events parked already (bihuan.events.max-parked-per-source)");
      }
      inbox.park(event, "waiting for the process to reach the matching wait state", EventEffects.messageName(event));
    } else if (result == Outcome.DUPLICATE) {
      inbox.markDuplicate(event);
    }
    return result;
  }

  private void count(EventEnvelope event, Outcome outcome) {
    meters.counter("bihuan.events.inbound", "type", event.type(), "outcome", outcome.name().toLowerCase()).increment();
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
    if (containsNul(tree)) {
      // PostgreSQL stores no U+0000 in text or jsonb: refused here, not retried until processing fails
      throw new RejectedEvent(RejectedEvent.SCHEMA_INVALID, "a text contains the NUL character (U+0000)");
    }
    EventEnvelope event = EventEnvelope.of(tree);
    if (event.unitCode() == null || catalog.unit(event.unitCode()).isEmpty()) {
      throw new RejectedEvent(RejectedEvent.UNKNOWN_UNIT, "source " + event.source() + " is not a unit of the catalogue");
    }
    signatures.verify(record, event);
    return event;
  }

  private static boolean containsNul(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue().indexOf('\u0000') >= 0;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().indexOf('\u0000') >= 0 || containsNul(field.getValue())) {
        return true;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (containsNul(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Applies a parked event again; in the caller's transaction. */
  Outcome retryParked(EventEnvelope event) {
    Outcome result = effects.apply(event);
    switch (result) {
      case APPLIED -> inbox.markApplied(event);
      // as on first arrival: a duplicate never applies, so it stops waiting
      case DUPLICATE -> inbox.markDuplicate(event);
      case PARKED -> inbox.touch(event);
    }
    return result;
  }

  /** The Camunda groups an event's unit acts with. */
  static List<String> groupsOf(EventEnvelope event) {
    return List.of(Groups.unit(event.unitCode()), Groups.EVENT_GATEWAY);
  }

  /** A rule of the loop broken by an event's content is a permanent refusal. */
  static RejectedEvent refused(ProblemRuleViolation violation) {
    return RejectedEvent.afterChanges(RejectedEvent.NOT_APPLICABLE, violation.getMessage());
  }
}
