package org.bihuan.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a partition counts as stuck: the same record failing for longer than the configured time. */
class StuckPartitionsTests {

  final StuckPartitions partitions = new StuckPartitions();
  final ConsumerRecord<String, String> poison = new ConsumerRecord<>("bihuan.progress-reported.v1", 3, 41, "k", "v");

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aRecordThatKeepsFailingMakesItsPartitionStuckAfterTheConfiguredTime() {
    partitions.failedDelivery(poison, new IllegalStateException("dead-lettering failed"), 1);
    assertThat(partitions.stuckLongerThan(Duration.ofMinutes(5))).isEmpty();

    ClockUtil.offset(Duration.ofMinutes(6).toMillis());
    partitions.failedDelivery(poison, new IllegalStateException("dead-lettering failed"), 2);

    List<StuckPartitions.Failing> stuck = partitions.stuckLongerThan(Duration.ofMinutes(5));
    assertThat(stuck).singleElement().satisfies(f -> {
      assertThat(f.partition().toString()).isEqualTo("bihuan.progress-reported.v1-3");
      assertThat(f.offset()).isEqualTo(41);
      assertThat(f.attempts()).isEqualTo(2);
      assertThat(f.error()).contains("dead-lettering failed");
    });
  }

  @Test
  void aPartitionThatMovedOnIsNoLongerStuck() {
    partitions.failedDelivery(poison, new IllegalStateException("boom"), 1);
    ClockUtil.offset(Duration.ofMinutes(6).toMillis());
    assertThat(partitions.stuckLongerThan(Duration.ofMinutes(5))).hasSize(1);

    partitions.progressed(List.of(new ConsumerRecord<>("bihuan.progress-reported.v1", 3, 42, "k", "v")));

    assertThat(partitions.stuckLongerThan(Duration.ofMinutes(5))).isEmpty();
  }

  @Test
  void aFailureOfTheNextRecordStartsTheClockAgain() {
    partitions.failedDelivery(poison, new IllegalStateException("boom"), 1);
    ClockUtil.offset(Duration.ofMinutes(6).toMillis());
    partitions.failedDelivery(new ConsumerRecord<>("bihuan.progress-reported.v1", 3, 42, "k", "v"),
        new IllegalStateException("boom"), 1);

    assertThat(partitions.stuckLongerThan(Duration.ofMinutes(5))).isEmpty();
  }
}
