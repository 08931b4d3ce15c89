package org.bihuan.events;

import java.util.List;
import org.bihuan.platform.LocalKafkaBroker;
import org.bihuan.platform.LocalPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Development and demo default: a real single-node KRaft broker (Kafka's own server classes)
 * started in-process on 127.0.0.1:{@code bihuan.events.embedded-broker-port} when no {@code
 * spring.kafka.bootstrap-servers} is configured, its log directory kept under {@code
 * BIHUAN_DATA_DIR}. Production points to its cluster; see docs/adr/0002-embedded-defaults.md.
 *
 * <p>Consumer, producer and admin follow the broker through {@link KafkaConnectionDetails}, Spring
 * Boot's way of handing clients a server it started (as Testcontainers' service connections do).
 * Because the client factories depend on that bean, Spring destroys them before the broker: on a
 * graceful stop the listener containers and producers close first, then the broker shuts down in a
 * controlled way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.kafka.bootstrap-servers:}'.isEmpty() and ${bihuan.events.embedded-broker:true}")
class EmbeddedKafkaConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaConfiguration.class);
  private static final String PORT_KEY = "bihuan.events.embedded-broker-port";

  /**
   * Checks the broker's port before any bean is created, so that a second demo on a taken port stops
   * in seconds instead of after its database and engine came up; the broker checks again as it binds.
   */
  @Bean
  static BeanFactoryPostProcessor embeddedBrokerPortCheck(Environment environment) {
    int port = Binder.get(environment).bindOrCreate("bihuan.events", EventsProperties.class).embeddedBrokerPort();
    return beanFactory -> LocalPorts.requireFree(port, PORT_KEY);
  }

  @Bean(destroyMethod = "close")
  LocalKafkaBroker embeddedKafkaBroker(EventsProperties properties) {
    if (properties.embeddedBrokerDataDirectory() == null) {
      throw new IllegalStateException("bihuan.events.embedded-broker-data-directory is not set");
    }
    LocalKafkaBroker broker = LocalKafkaBroker.start(properties.embeddedBrokerDataDirectory(),
        properties.embeddedBrokerPort(), PORT_KEY);
    log.info("Embedded Kafka (KRaft) broker on {} (log directory {}); set spring.kafka.bootstrap-servers to use your own",
        broker.bootstrapServers(), broker.logDirectory());
    return broker;
  }

  @Bean
  KafkaConnectionDetails embeddedKafkaConnectionDetails(LocalKafkaBroker broker) {
    List<String> servers = List.of(broker.bootstrapServers());
    return () -> servers;
  }
}
