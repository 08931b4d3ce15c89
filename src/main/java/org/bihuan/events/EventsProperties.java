package org.bihuan.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka integration settings.
 *
 * @param createTopics create missing topics from kafka/topics.yaml at start-up (off in production
 *     when topics are managed by the platform team)
 * @param embeddedBroker start a real in-process KRaft broker on {@code embeddedBrokerPort} when
 *     {@code spring.kafka.bootstrap-servers} is not set (development and demo)
 * @param embeddedBrokerDataDirectory log directory of that broker, kept between runs
 * @param maxEventBytes larger inbound records go to the dead-letter topic as "oversize"
 * @param parkedExpiry how long an early event may wait for its wait state before it is dead-lettered
 * @param parkedRetryInterval how often parked events are tried again
 * @param relayInterval how often the outbox relay looks for unpublished lifecycle events
 * @param relayBatchSize lifecycle events sent per relay round
 * @param concurrency listener threads (at most the partition count of the inbound topics)
 * @param requireSignatures refuse inbound records without a valid {@code bihuan-signature}
 * @param unitSecrets unit code → HMAC secret its system signs records with (from a secret store)
 * @param signatureMaxAge how far a signed record's CloudEvents {@code time} may lie from its arrival
 *     at the broker before it is refused as "stale-signature": bounds how long a captured record can
 *     be replayed, while leaving a unit's system hours to deliver what it buffered
 * @param maxParkedPerSource how many events one source (unit) may have parked at once; more are
 *     dead-lettered as "park-limit", so one unit cannot fill the inbox with events that never apply
 * @param parkedSweepInterval a parked event whose problem shows no change is still tried again after
 *     this long (a safety net: normally an event is retried when its problem's stage changes or its
 *     process starts waiting for its message)
 * @param stuckPartitionAfter health is DOWN when a partition has not got past one failing record
 *     for this long
 */
@Validated
@ConfigurationProperties("bihuan.events")
public record EventsProperties(
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("true") boolean embeddedBroker,
    @DefaultValue("9092") @Min(1024) @Max(65535) int embeddedBrokerPort,
    Path embeddedBrokerDataDirectory,
    @DefaultValue("65536") @Min(1024) int maxEventBytes,
    @DefaultValue("P7D") @NotNull Duration parkedExpiry,
    @DefaultValue("PT5S") @NotNull Duration parkedRetryInterval,
    @DefaultValue("PT0.2S") @NotNull Duration relayInterval,
    @DefaultValue("500") @Min(1) int relayBatchSize,
    @DefaultValue("2") @Min(1) int concurrency,
    @DefaultValue("true") boolean requireSignatures,
    Map<String, String> unitSecrets,
    @DefaultValue("PT6H") @NotNull Duration signatureMaxAge,
    @DefaultValue("1000") @Min(1) int maxParkedPerSource,
    @DefaultValue("PT10M") @NotNull Duration parkedSweepInterval,
    @DefaultValue("PT5M") @NotNull Duration stuckPartitionAfter) {

  public EventsProperties {
    unitSecrets = unitSecrets == null ? Map.of() : Map.copyOf(unitSecrets);
  }
}
