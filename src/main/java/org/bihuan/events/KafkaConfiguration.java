package org.bihuan.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: topics from kafka/topics.yaml, and Spring Kafka's own error handling — a refused
 * event goes at once to {@code <topic>.DLT} (same partition) with the reason in header {@code
 * bihuan-dlt-reason}; a transient failure (database away, optimistic locking) is retried with
 * back-off until it succeeds and is never dead-lettered; any other failure is retried briefly and
 * then dead-lettered with reason {@code processing-failed}, so no record blocks its partition.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KafkaConfiguration {

  static final String REASON_HEADER = "bihuan-dlt-reason";

  @Bean
  @ConditionalOnProperty(name = "bihuan.events.create-topics", havingValue = "true", matchIfMissing = true)
  KafkaAdmin.NewTopics bihuanTopics(KafkaContracts contracts) {
    return new KafkaAdmin.NewTopics(contracts.topics().stream()
        .map(t -> {
          Map<String, String> config = new HashMap<>();
          config.put("cleanup.policy", t.cleanupPolicy());
          config.put("retention.ms", String.valueOf(t.retentionMs()));
          return TopicBuilder.name(t.name()).partitions(t.partitions()).replicas(t.replicationFactor()).configs(config).build();
        })
        .toArray(NewTopic[]::new));
  }

  @Bean
  DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaOperations<?, ?> kafka, MeterRegistry meters) {
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
        (record, e) -> new TopicPartition(record.topic() + ".DLT", record.partition()));
    recoverer.setHeadersFunction((record, e) -> {
      String reason = reasonOf(e);
      meters.counter("bihuan.events.dead-lettered", "topic", record.topic(), "reason", reason).increment();
      return new RecordHeaders(new RecordHeader[] {new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))});
    });
    return recoverer;
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer) {
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500, 2));
    handler.addNotRetryableExceptions(RejectedEvent.class);
    handler.setBackOffFunction((record, e) -> isTransient(e) ? untilItWorks() : null);
    handler.setCommitRecovered(true);
    // a refused event is expected traffic: a warning, not an error with a stack trace
    handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
    return handler;
  }

  private static BackOff untilItWorks() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(10_000);
    return backOff;
  }

  static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException || t instanceof OptimisticLockingException
          || t instanceof SQLTransientException || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
    }
    return false;
  }

  static String reasonOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RejectedEvent rejected) {
        return rejected.reason();
      }
    }
    return "processing-failed";
  }
}
