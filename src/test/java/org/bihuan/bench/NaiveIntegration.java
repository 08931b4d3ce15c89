package org.bihuan.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bihuan.events.RejectedEvent;
import org.springframework.context.ApplicationContext;

/**
 * The baseline: how a plain Spring Kafka + Camunda integration consumes — a record listener
 * ({@code ack-mode RECORD}): each record on its own, in its own database transaction (one
 * {@code correlate()} or process start per transaction), its offset committed after it, a refused
 * record sent to the dead-letter topic and waited for. It applies the record with Bihuan's own
 * per-record path ({@code InboundEvents.handle}: the same checks, inbox row and effect), so the
 * ratio measures the integration design — batching — and not a difference in features.
 *
 * <p>{@code threads} consumers share the inbound partitions (like listener concurrency).
 */
final class NaiveIntegration implements AutoCloseable {

  static final String GROUP = "bench-naive";

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  final LongAdder handled = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder errors = new LongAdder();
  private final KafkaProducer<String, String> dlt;

  NaiveIntegration(ApplicationContext context, String bootstrap, Map<TopicPartition, Long> startOffsets, int concurrency,
      KafkaProducer<String, String> dltProducer) throws Exception {
    this.dlt = dltProducer;
    Class<?> type = Class.forName("org.bihuan.events.InboundEvents");
    Object inbound = context.getBean(type);
    Method handle = type.getDeclaredMethod("handle", ConsumerRecord.class);
    handle.setAccessible(true);
    List<TopicPartition> partitions = new ArrayList<>(startOffsets.keySet());
    for (int t = 0; t < concurrency; t++) {
      List<TopicPartition> mine = new ArrayList<>();
      for (int i = t; i < partitions.size(); i += concurrency) {
        mine.add(partitions.get(i));
      }
      Thread thread = new Thread(() -> consume(bootstrap, mine, startOffsets, inbound, handle), "naive-consumer-" + t);
      threads.add(thread);
      thread.start();
    }
  }

  private void consume(String bootstrap, List<TopicPartition> mine, Map<TopicPartition, Long> startOffsets, Object inbound,
      Method handle) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", GROUP);
    props.put("enable.auto.commit", "false");
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(mine);
      mine.forEach(tp -> consumer.seek(tp, startOffsets.get(tp)));
      while (running.get()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          if (!running.get()) {
            return;
          }
          apply(record, inbound, handle);
          // ack-mode RECORD: the offset is committed after each record
          consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
          handled.increment();
        }
      }
    }
  }

  private void apply(ConsumerRecord<String, String> record, Object inbound, Method handle) {
    long backOff = 50;
    while (running.get()) {
      try {
        handle.invoke(inbound, record);
        return;
      } catch (InvocationTargetException wrapped) {
        Throwable e = wrapped.getCause();
        if (e instanceof RejectedEvent rejected) {
          deadLetter(record, rejected.reason(), rejected.getMessage());
          return;
        }
        if (isTransient(e)) {
          retries.increment();
          sleep(backOff);
          backOff = Math.min(backOff * 2, 2_000);
          continue;
        }
        errors.increment();
        deadLetter(record, "processing-failed", String.valueOf(e));
        return;
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.contains("OptimisticLocking") || t instanceof org.springframework.dao.TransientDataAccessException
          || t instanceof java.sql.SQLTransientException) {
        return true;
      }
    }
    return false;
  }

  private void deadLetter(ConsumerRecord<String, String> record, String reason, String message) {
    ProducerRecord<String, String> out = new ProducerRecord<>(record.topic() + ".DLT", record.partition(), record.key(), record.value());
    out.headers().add("bihuan-dlt-reason", reason.getBytes(StandardCharsets.UTF_8));
    out.headers().add("kafka_dlt-exception-message", String.valueOf(message).getBytes(StandardCharsets.UTF_8));
    out.headers().add("kafka_dlt-original-topic", record.topic().getBytes(StandardCharsets.UTF_8));
    try {
      dlt.send(out).get();
      deadLettered.increment();
    } catch (Exception e) {
      errors.increment();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
