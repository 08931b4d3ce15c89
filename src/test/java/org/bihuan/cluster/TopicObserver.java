package org.bihuan.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A downstream consumer of the cluster: reads the lifecycle topic and the dead-letter topics from
 * the beginning for the whole test class, in partition order, through broker restarts.
 */
final class TopicObserver implements AutoCloseable {

  /** A lifecycle event as published: the CloudEvents id, the problem key and the outbox sequence. */
  record Lifecycle(String id, String problemKey, long sequence) {}

  /** A dead-lettered record: its key and the reason header. */
  record DeadLetter(String topic, String key, String reason) {}

  final List<Lifecycle> lifecycle = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;
  private final ObjectMapper json = new ObjectMapper();

  TopicObserver(String bootstrapServers) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "cluster-observer-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // topics are created by the first node; find them quickly
        ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000),
        new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(Pattern.compile("bihuan\\.(issue-lifecycle\\.v1|.*\\.DLT)"));
    thread = new Thread(this::observe, "cluster-observer");
    thread.start();
  }

  private void observe() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (record.topic().endsWith(".DLT")) {
            var reason = record.headers().lastHeader("bihuan-dlt-reason");
            deadLetters.add(new DeadLetter(record.topic(), record.key(), reason == null ? null : new String(reason.value())));
          } else {
            try {
              JsonNode event = json.readTree(record.value());
              lifecycle.add(new Lifecycle(event.path("id").asText(), record.key(), event.path("data").path("sequence").asLong()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
              throw new IllegalStateException("lifecycle record is not JSON: " + record.value(), e);
            }
          }
        });
      }
    } catch (WakeupException closing) {
      // close() was called
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(5_000);
    consumer.close(Duration.ofSeconds(2));
  }
}
