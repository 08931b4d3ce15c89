package org.bihuan.events;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code events}: DOWN while an inbound partition has not got past one failing
 * record for {@code bihuan.events.stuck-partition-after} (details {@code stuckPartitions}: partition,
 * offset, since, attempts, error). Records kept in {@code bihuan.dead_letter_fallback} because not
 * even their bare copy fitted into their dead-letter topic leave it UP — their partition moved on —
 * but show as {@code deadLetterFallback} (count and latest) until an operator has dealt with them.
 */
@Component
class EventsHealthIndicator implements HealthIndicator {

  private final StuckPartitions stuck;
  private final DeadLetterFallback fallback;
  private final EventsProperties properties;

  EventsHealthIndicator(StuckPartitions stuck, DeadLetterFallback fallback, EventsProperties properties) {
    this.stuck = stuck;
    this.fallback = fallback;
    this.properties = properties;
  }

  @Override
  public Health health() {
    var stuckPartitions = stuck.stuckLongerThan(properties.stuckPartitionAfter()).stream()
        .map(f -> {
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("partition", f.partition().toString());
          detail.put("offset", f.offset());
          detail.put("since", f.since().toString());
          detail.put("attempts", f.attempts());
          detail.put("error", f.error());
          return detail;
        })
        .toList();
    Health.Builder health = stuckPartitions.isEmpty() ? Health.up() : Health.down();
    if (!stuckPartitions.isEmpty()) {
      health.withDetail("stuckPartitions", stuckPartitions);
    }
    DeadLetterFallback.Summary kept = fallback.summary();
    if (kept.count() > 0) {
      health.withDetail("deadLetterFallback", Map.of("count", kept.count(), "latest", kept.latest(),
          "table", "bihuan.dead_letter_fallback"));
    }
    return health.build();
  }
}
