package org.bihuan.ops;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Health component {@code kafka}: UP when the broker answers a cluster description within two
 * seconds. Spring Boot has no Kafka indicator of its own; without this one a node that cannot reach
 * its broker reported UP. It belongs to the overall {@code /actuator/health} only, not to the
 * liveness or readiness groups: restarting a pod does not bring a broker back, and the REST API and
 * the webapps keep working while the listener and the outbox relay wait and retry by themselves.
 */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private static final int TIMEOUT_MS = 2_000;

  private final AdminClient admin;

  KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    super("Kafka health check failed");
    // one long-lived client: it reconnects by itself, and creating one per probe would log a
    // connection storm while the broker is down
    this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws InterruptedException, ExecutionException, TimeoutException {
    DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
    int brokers = cluster.nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
    String clusterId = cluster.clusterId().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
    builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
  }

  @Override
  public void destroy() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
