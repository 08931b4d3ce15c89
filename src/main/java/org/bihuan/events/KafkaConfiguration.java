package org.bihuan.events;

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
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: topics from kafka/topics.yaml, and Spring Kafka's own error handling — a refused
 * event goes at once to {@code <topic>.DLT} (same partition) with the reason in header {@code
 * bihuan-dlt-reason}, or, when not even its bare copy fits there, to the database (see {@link
 * DeadLetters}); a transient failure (database away, optimistic locking) is retried with
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
          if (t.inbound()) {
            // the broker stamps each record on arrival, a time no producer can set: the age of a
            // signature is measured against it (SourceSignatures), so a late replay is refused
            config.put("message.timestamp.type", "LogAppendTime");
          }
          return TopicBuilder.name(t.name()).partitions(t.partitions()).replicas(t.replicationFactor()).configs(config).build();
        })
        .toArray(NewTopic[]::new));
  }

  /**
   * Spring Kafka's recoverer, used through {@link DeadLetters}. It adds only small headers: the
   * reason, a short message and the exception's class, the original topic, partition, offset and
   * timestamp. No stack trace (several KB, which pushed a record near the broker's size limit over
   * it, so that its dead letter could never be written) and no cause class.
   */
  @Bean
  DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaOperations<?, ?> kafka) {
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
        (record, e) -> new TopicPartition(record.topic() + ".DLT", record.partition()));
    recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE, HeadersToAdd.EX_CAUSE);
    recoverer.setExceptionHeadersCreator((headers, e, isKey, names) -> {
      headers.remove(KafkaHeaders.DLT_EXCEPTION_FQCN);
      headers.remove(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
      headers.remove(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
      headers.remove(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
      headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, rootOf(e).getClass().getName().getBytes(StandardCharsets.UTF_8));
      headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, shortMessage(e).getBytes(StandardCharsets.UTF_8));
    });
    recoverer.setHeadersFunction((record, e) -> new RecordHeaders(new RecordHeader[] {
        new RecordHeader(REASON_HEADER, reasonOf(e).getBytes(StandardCharsets.UTF_8))}));
    return recoverer;
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters, StuckPartitions stuckPartitions) {
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, new FixedBackOff(500, 2));
    handler.addNotRetryableExceptions(RejectedEvent.class);
    handler.setBackOffFunction((record, e) -> isTransient(e) ? untilItWorks() : null);
    handler.setCommitRecovered(true);
    handler.setRetryListeners(stuckPartitions);
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

  /** What went wrong, in at most {@value #MESSAGE_LIMIT} characters: the refusal, else the root cause. */
  static String shortMessage(Throwable e) {
    Throwable root = rootOf(e);
    String message = root instanceof RejectedEvent ? root.getMessage()
        : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT - 1) + "…";
  }

  private static final int MESSAGE_LIMIT = 300;

  /** The refusal in a chain of causes, else its innermost cause. */
  private static Throwable rootOf(Throwable e) {
    Throwable last = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RejectedEvent) {
        return t;
      }
      last = t;
    }
    return last;
  }
}
