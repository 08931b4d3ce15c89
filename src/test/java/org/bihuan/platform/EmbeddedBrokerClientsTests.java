package org.bihuan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.bihuan.events.EventsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/** Consumer, producer and admin talk to the demo's own broker, on whatever port it was given. */
class EmbeddedBrokerClientsTests {

  private static final String PORT_KEY = "bihuan.events.embedded-broker-port";

  @TempDir Path dataDirectory;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(EventsProperties.class)
  static class Properties {}

  private ApplicationContextRunner runner(int port) throws ClassNotFoundException {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
        // package-private by design: the events module's wiring, loaded as the application loads it
        .withUserConfiguration(Properties.class, Class.forName("org.bihuan.events.EmbeddedKafkaConfiguration"))
        .withPropertyValues(
            "bihuan.events.embedded-broker=true",
            PORT_KEY + "=" + port,
            "bihuan.events.embedded-broker-data-directory=" + dataDirectory.resolve("kafka"));
  }

  @Test
  void consumerProducerAndAdminFollowTheBrokerPort() throws Exception {
    int port = LocalPorts.anyFree();
    runner(port).run(context -> {
      assertThat(context).hasNotFailed();
      String broker = "127.0.0.1:" + port;
      assertThat(bootstrap(context.getBean(KafkaAdmin.class).getConfigurationProperties().get(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))).isEqualTo(broker);
      assertThat(bootstrap(context.getBean(ProducerFactory.class).getConfigurationProperties().get(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))).isEqualTo(broker);
      assertThat(bootstrap(context.getBean(ConsumerFactory.class).getConfigurationProperties().get(
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))).isEqualTo(broker);
      // and the admin reaches it: the broker answers with its one node
      try (Admin admin = Admin.create(context.getBean(KafkaAdmin.class).getConfigurationProperties())) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).singleElement()
            .satisfies(node -> assertThat(node.port()).isEqualTo(port));
      }
    });
  }

  @Test
  void aTakenPortStopsTheStartNamingItsKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      runner(taken.getLocalPort()).run(context -> assertThat(
              NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
          .isInstanceOf(LocalPorts.EmbeddedPortInUseException.class)
          .hasMessageContaining(PORT_KEY)
          .hasMessageContaining(String.valueOf(taken.getLocalPort())));
    }
  }

  private static String bootstrap(Object value) {
    return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
  }
}
