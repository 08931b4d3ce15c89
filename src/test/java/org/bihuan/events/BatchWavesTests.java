package org.bihuan.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch is cut into waves: at most one event per problem in a wave, order kept per problem. */
class BatchWavesTests {

  @Test
  void theKthEventOfAProblemGoesIntoTheKthWaveAndEventsWithoutAProblemIntoTheFirst() {
    List<EventEnvelope> batch = List.of(
        event("BH-1"), event(null), event("BH-1"), event("BH-2"), event("BH-1"), event(null), event("BH-2"));

    assertThat(InboundEvents.waves(batch)).containsExactly(List.of(0, 1, 3, 5), List.of(2, 6), List.of(4));
  }

  @Test
  void aBatchOfDistinctProblemsIsOneWave() {
    assertThat(InboundEvents.waves(List.of(event("BH-1"), event("BH-2"), event("BH-3")))).containsExactly(List.of(0, 1, 2));
  }

  private static EventEnvelope event(String subject) {
    var json = JsonNodeFactory.instance.objectNode();
    return new EventEnvelope("id", "/units/qfgw", "bihuan.progress-reported.v1", subject, json, json);
  }
}
