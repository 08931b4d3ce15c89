package org.bihuan.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Development default: a real single-node KRaft broker (Kafka's own server classes) on
 * 127.0.0.1:9092, started in-process when no {@code spring.kafka.bootstrap-servers} is configured —
 * the same address Spring Kafka's clients use by default. Production points to its cluster.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.kafka.bootstrap-servers:}'.isEmpty() and ${bihuan.events.embedded-broker:true}")
class EmbeddedKafkaConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaConfiguration.class);

  @Bean(destroyMethod = "destroy")
  EmbeddedKafkaKraftBroker embeddedKafkaBroker(EventsProperties properties) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
    // kafkaPorts() alone is ignored by the KRaft test kit (spring-kafka#2916); the listener fixes the port
    broker.brokerProperty("listeners",
        "EXTERNAL://127.0.0.1:" + properties.embeddedBrokerPort() + ",CONTROLLER://127.0.0.1:0");
    broker.brokerProperty("auto.create.topics.enable", "false");
    broker.afterPropertiesSet();
    log.info("Embedded Kafka (KRaft) broker on {}; set spring.kafka.bootstrap-servers to use your own",
        broker.getBrokersAsString());
    return broker;
  }
}
