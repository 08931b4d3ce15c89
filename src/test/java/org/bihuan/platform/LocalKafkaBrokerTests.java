package org.bihuan.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's in-process broker keeps what it acknowledged across restarts, on its own port only. */
class LocalKafkaBrokerTests {

  private static final String TOPIC = "bihuan.restart-check.v1";
  private static final String PORT_KEY = "bihuan.events.embedded-broker-port";

  @TempDir Path dataDirectory;

  @Test
  void keepsTopicsRecordsAndCommittedOffsetsAcrossRestarts() throws Exception {
    int port = LocalPorts.anyFree();
    // given: a topic with 10 acknowledged records, 4 of them consumed and committed
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDirectory.resolve("kafka"), port, PORT_KEY)) {
      try (Admin admin = admin(broker)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(broker)) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
        }
      }
      try (KafkaConsumer<String, String> consumer = consumer(broker)) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        assertThat(pollAtLeast(consumer, 10)).hasSizeGreaterThanOrEqualTo(10);
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4)));
      }
    }

    // when: the broker starts again on the same directory
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDirectory.resolve("kafka"), port, PORT_KEY)) {
      // then: topic, records and the committed offset are there
      try (Admin admin = admin(broker)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
        Map<String, String> config = new java.util.HashMap<>();
        admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC))).all()
            .get(30, TimeUnit.SECONDS).values().forEach(c -> c.entries().forEach(e -> config.put(e.name(), e.value())));
        // acknowledged means fsynced: a machine crash loses nothing acknowledged either
        assertThat(config).containsEntry("flush.messages", "1");
      }
      try (KafkaConsumer<String, String> consumer = consumer(broker)) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        assertThat(consumer.committed(Set.of(partition)).get(partition).offset()).isEqualTo(4);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        assertThat(pollAtLeast(consumer, 10)).extracting(ConsumerRecord::value)
            .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
      }
    }
    assertThat(dataDirectory.resolve("kafka").resolve(TOPIC + "-0")).isDirectory();
  }

  @Test
  void refusesAPortAnotherProcessHolds() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> LocalKafkaBroker.start(dataDirectory.resolve("kafka"), taken.getLocalPort(), PORT_KEY))
          .isInstanceOf(LocalPorts.EmbeddedPortInUseException.class)
          .hasMessageContaining(PORT_KEY)
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
    }
  }

  private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  private static Admin admin(LocalKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(LocalKafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(LocalKafkaBroker broker) {
    return new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "restart-check", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
  }

}
