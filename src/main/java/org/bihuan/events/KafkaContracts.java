package org.bihuan.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * The event contracts of {@code kafka/}: the topic list and one JSON Schema per event type. The app
 * reads the same files that departments read.
 */
@Component
public class KafkaContracts {

  /** One topic of kafka/topics.yaml. */
  public record Topic(
      String name, String direction, int partitions, int replicationFactor, String retention, String cleanupPolicy,
      String dlt, String eventType, String schema) {

    boolean inbound() {
      return "inbound".equals(direction);
    }

    /** Retention in milliseconds, or -1 for "infinite". */
    long retentionMs() {
      return retention == null || "infinite".equals(retention) ? -1 : Duration.parse(retention).toMillis();
    }
  }

  private final List<Topic> topics;
  private final Map<String, JsonSchema> schemasByType = new HashMap<>();

  KafkaContracts() {
    this.topics = loadTopics();
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    for (Topic topic : topics) {
      if (topic.schema() != null && topic.eventType() != null) {
        try (InputStream in = new ClassPathResource("kafka/" + topic.schema()).getInputStream()) {
          schemasByType.put(topic.eventType(), factory.getSchema(in, config));
        } catch (IOException e) {
          throw new UncheckedIOException("kafka/" + topic.schema() + " of topic " + topic.name() + " is missing", e);
        }
      }
    }
  }

  public List<Topic> topics() {
    return topics;
  }

  public List<String> inboundTopicNames() {
    return topics.stream().filter(Topic::inbound).map(Topic::name).toList();
  }

  /** The event type carried by a topic (its {@code type} const), or null. */
  public String eventTypeOf(String topicName) {
    return topics.stream().filter(t -> t.name().equals(topicName)).map(Topic::eventType).findFirst().orElse(null);
  }

  public boolean knowsType(String eventType) {
    return schemasByType.containsKey(eventType);
  }

  /** Validation messages of an event against the schema of its type; empty when valid. */
  public Set<String> validate(String eventType, JsonNode event) {
    JsonSchema schema = schemasByType.get(eventType);
    if (schema == null) {
      return Set.of("unknown event type " + eventType);
    }
    return schema.validate(event).stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @SuppressWarnings("unchecked")
  private static List<Topic> loadTopics() {
    try (InputStream in = new ClassPathResource("kafka/topics.yaml").getInputStream()) {
      Map<String, Object> root = new Yaml().load(in);
      List<Map<String, Object>> entries = (List<Map<String, Object>>) root.get("topics");
      return entries.stream()
          .map(e -> new Topic(
              (String) e.get("name"), (String) e.get("direction"), ((Number) e.get("partitions")).intValue(),
              ((Number) e.getOrDefault("replicationFactor", 1)).intValue(), String.valueOf(e.get("retention")),
              (String) e.getOrDefault("cleanupPolicy", "delete"), (String) e.get("dlt"), (String) e.get("eventType"),
              (String) e.get("schema")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("kafka/topics.yaml is missing from the classpath", e);
    }
  }
}
