package org.bihuan.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker of the tests, once per JVM: Testcontainers' Apache Kafka image where a
 * Docker engine runs, else an embedded KRaft broker (Kafka's own server classes) on a free port.
 */
public final class TestKafka {

  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
  private static String bootstrapServers;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      if (dockerAvailable()) {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");
        kafka.start();
        bootstrapServers = kafka.getBootstrapServers();
      } else {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("auto.create.topics.enable", "false");
        // by default the broker publishes its address as the system property spring.kafka.bootstrap-servers,
        // which every later context in this JVM would see (the demo's embedded broker, the chart's env test);
        // contexts get the address from TestDatabase.Initializer instead
        broker.brokerListProperty("bihuan.test.kafka.bootstrap-servers");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        bootstrapServers = broker.getBrokersAsString();
      }
      log.info("Tests use Kafka at {}", bootstrapServers);
    }
    return bootstrapServers;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
