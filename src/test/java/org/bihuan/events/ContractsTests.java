package org.bihuan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bihuan.problem.Category;
import org.bihuan.problem.LifecycleType;
import org.bihuan.problem.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event contracts in {@code kafka/}: topics.yaml, one JSON Schema (draft 2020-12) per event
 * type describing the whole CloudEvents 1.0 envelope, valid examples and invalid ones. No Spring:
 * the files are read from the project directory (what departments read) and checked on the
 * classpath (what the app reads).
 */
class ContractsTests {

  static final Path KAFKA = Path.of("kafka");
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The validation the app runs on every inbound event (see KafkaContracts). */
  static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /** Like FACTORY, but a keyword unknown to draft 2020-12 (a typo such as "maxLenght") fails the load. */
  static final JsonSchemaFactory STRICT_FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
          .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
          .build()));

  static final String BUSINESS_KEY = "^BH-\\d{4}-\\d{6}$";
  static final Set<String> WITH_SUBJECT = Set.of(
      "progress-reported", "resolution-reported", "escalation-requested", "extension-requested", "issue-lifecycle",
      "assignment-signed", "assignment-returned");
  static final Set<String> EVENT_KINDS = Set.of("problem-reported", "progress-reported", "resolution-reported",
      "escalation-requested", "extension-requested", "indicator-reported", "issue-lifecycle",
      "assignment-signed", "assignment-returned");

  /**
   * What is wrong with each file of examples/invalid/&lt;kind&gt;/, as the JSON Pointer of the one
   * property every validation message must be about (networknt's default path type for 2020-12).
   */
  static final Map<String, String> INVALID = Map.ofEntries(
      Map.entry("problem-reported/unknown-field-in-data.json", "/data/priority"),
      Map.entry("problem-reported/oversize-title.json", "/data/title"),
      Map.entry("problem-reported/wrong-source-pattern.json", "/source"),
      Map.entry("problem-reported/time-without-offset.json", "/time"),
      Map.entry("problem-reported/subject-not-allowed.json", "/subject"),
      Map.entry("progress-reported/missing-subject.json", "/subject"),
      Map.entry("resolution-reported/outcome-not-in-enum.json", "/data/outcome"),
      Map.entry("extension-requested/requested-due-not-a-date.json", "/data/requestedDue"),
      Map.entry("indicator-reported/period-not-year-quarter-or-month.json", "/data/period"),
      Map.entry("assignment-signed/unknown-field-in-data.json", "/data/comment"),
      Map.entry("assignment-returned/blank-reason.json", "/data/reason"));

  /** One entry of topics.yaml. */
  record Topic(String name, String direction, int partitions, int replicationFactor, String key, String retention,
      String cleanupPolicy, String dlt, String eventType, String schema, String description) {

    /** The event kind, e.g. problem-reported, from schemas/&lt;kind&gt;/v1.schema.json. */
    String kind() {
      return schema == null ? null : Path.of(schema).getParent().getFileName().toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // ---- topics.yaml ----------------------------------------------------------------------------

  @Test
  void everyTopicIsFullyDescribed() {
    List<Topic> topics = topics();
    assertThat(topics).extracting(Topic::name).doesNotHaveDuplicates();
    for (Topic topic : topics) {
      assertThat(topic.name()).as("name").matches("^bihuan\\.[a-z]+(-[a-z]+)*\\.v\\d+(\\.DLT)?$");
      assertThat(topic.direction()).as(topic + " direction").isIn("inbound", "outbound", "dead-letter");
      assertThat(topic.partitions()).as(topic + " partitions").isPositive();
      assertThat(topic.replicationFactor()).as(topic + " replicationFactor (1 in development)").isEqualTo(1);
      assertThat(topic.key()).as(topic + " key").isNotBlank();
      assertThat(topic.cleanupPolicy()).as(topic + " cleanupPolicy").isIn("delete", "compact");
      assertThat(topic.description()).as(topic + " description").isNotBlank().doesNotContain("\n");
      // The app turns retention into retention.ms with java.time.Duration: days, hours, minutes, seconds only.
      if (!"infinite".equals(topic.retention())) {
        assertThatCode(() -> Duration.parse(topic.retention())).as(topic + " retention").doesNotThrowAnyException();
        assertThat(Duration.parse(topic.retention())).as(topic + " retention").isPositive();
      }
      if ("dead-letter".equals(topic.direction())) {
        assertThat(topic.name()).endsWith(".DLT");
        assertThat(topic.eventType()).as(topic + " carries records as they came: no type").isNull();
        assertThat(topic.schema()).as(topic + " carries records as they came: no schema").isNull();
        assertThat(topic.dlt()).as(topic + " dlt").isNull();
      } else {
        assertThat(topic.eventType()).as(topic + " eventType is the topic name").isEqualTo(topic.name());
        assertThat(topic.schema()).as(topic + " schema").matches("^schemas/[a-z-]+/v1\\.schema\\.json$");
        assertThat(topic.kind()).as(topic + " kind").isIn(EVENT_KINDS);
        assertThat(topic.name()).isEqualTo("bihuan." + topic.kind() + ".v1");
      }
    }
    assertThat(topics).filteredOn(t -> t.kind() != null).extracting(Topic::kind)
        .containsExactlyInAnyOrderElementsOf(EVENT_KINDS);
    assertThat(topics).filteredOn(t -> "outbound".equals(t.direction())).extracting(Topic::name)
        .containsExactly("bihuan.issue-lifecycle.v1");
  }

  @Test
  void everyInboundTopicHasADeadLetterTopicWithTheSamePartitions() {
    Map<String, Topic> byName = topics().stream().collect(Collectors.toMap(Topic::name, Function.identity()));
    List<Topic> inbound = topics().stream().filter(t -> "inbound".equals(t.direction())).toList();
    assertThat(inbound).hasSize(8);
    for (Topic topic : inbound) {
      assertThat(topic.dlt()).as(topic + " dlt").isEqualTo(topic.name() + ".DLT");
      Topic dlt = byName.get(topic.dlt());
      assertThat(dlt).as(topic + " has its dead-letter entry").isNotNull();
      assertThat(dlt.direction()).isEqualTo("dead-letter");
      // Spring Kafka's DeadLetterPublishingRecoverer keeps the record's partition: same count.
      assertThat(dlt.partitions()).as(dlt + " partitions").isEqualTo(topic.partitions());
      assertThat(Duration.parse(dlt.retention())).as(dlt + " retention").isEqualTo(Duration.ofDays(30));
      assertThat(Duration.parse(topic.retention())).as(topic + " retention").isEqualTo(Duration.ofDays(7));
      assertThat(topic.partitions()).isEqualTo(6);
    }
    // every dead-letter topic belongs to an inbound topic
    assertThat(topics()).filteredOn(t -> "dead-letter".equals(t.direction())).extracting(Topic::name)
        .containsExactlyInAnyOrderElementsOf(inbound.stream().map(Topic::dlt).toList());
  }

  // ---- schemas --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicsWithSchema")
  void schemaExistsAndIsAValid202012Schema(Topic topic) {
    Path file = KAFKA.resolve(topic.schema());
    assertThat(file).as("schema of " + topic).isRegularFile();
    assertThat(ContractsTests.class.getClassLoader().getResource("kafka/" + topic.schema()))
        .as("kafka/" + topic.schema() + " on the classpath, where the app reads it").isNotNull();
    JsonNode schema = read(file);

    assertThat(schema.path("$schema").asText()).isEqualTo(SchemaId.V202012);
    JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012), CONFIG);
    assertThat(metaSchema.validate(schema)).as(file + " against the draft 2020-12 meta-schema").isEmpty();
    assertThatCode(() -> STRICT_FACTORY.getSchema(schema, CONFIG).initializeValidators())
        .as(file + " uses only draft 2020-12 keywords").doesNotThrowAnyException();

    assertThat(schema.path("$id").asText()).isEqualTo("https://bihuan.org/schemas/" + topic.kind() + "/v1");
    assertThat(schema.path("title").asText()).isNotBlank();
    assertThat(schema.path("description").asText()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicsWithSchema")
  void schemaDescribesTheStrictCloudEventsEnvelopeOfItsTopic(Topic topic) {
    JsonNode schema = read(KAFKA.resolve(topic.schema()));
    JsonNode properties = schema.path("properties");

    assertThat(properties.path("type").path("const").asText()).as("type const").isEqualTo(topic.name());
    assertThat(properties.path("specversion").path("const").asText()).isEqualTo("1.0");
    assertThat(properties.path("datacontenttype").path("const").asText()).isEqualTo("application/json");
    assertThat(properties.path("time").path("format").asText()).isEqualTo("date-time");
    assertThat(properties.path("id").path("maxLength").asInt()).isEqualTo(200);
    assertThat(properties.path("source").path("pattern").asText())
        .isEqualTo("issue-lifecycle".equals(topic.kind()) ? "^/bihuan$" : "^/units/[a-z0-9]{1,64}$");

    List<String> required = texts(schema.path("required"));
    assertThat(required).contains("specversion", "id", "source", "type", "time", "data");
    if (WITH_SUBJECT.contains(topic.kind())) {
      assertThat(required).as("subject required").contains("subject");
      assertThat(properties.path("subject").path("pattern").asText()).isEqualTo(BUSINESS_KEY);
    } else {
      assertThat(properties.has("subject")).as("no subject: the business key is Bihuan's to assign").isFalse();
    }

    assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
        .as("envelope additionalProperties false").isTrue();
    JsonNode data = properties.path("data");
    assertThat(data.path("type").asText()).isEqualTo("object");
    assertThat(data.path("additionalProperties").isBoolean() && !data.path("additionalProperties").asBoolean())
        .as("data additionalProperties false").isTrue();
    for (var field : (Iterable<Map.Entry<String, JsonNode>>) data.path("properties")::fields) {
      JsonNode property = field.getValue();
      if ("string".equals(property.path("type").asText()) && !property.has("format")
          && !property.path("pattern").asText().startsWith("^")) {
        assertThat(property.has("maxLength")).as("data." + field.getKey() + " has a maxLength").isTrue();
      }
    }
  }

  @Test
  void lifecycleAndCategoryEnumsAreTheAppsOwn() {
    JsonNode lifecycle = read(KAFKA.resolve("schemas/issue-lifecycle/v1.schema.json")).at("/properties/data/properties");
    assertThat(texts(lifecycle.at("/lifecycle/enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(LifecycleType.values()).map(Enum::name).toList());
    assertThat(texts(lifecycle.at("/stage/enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Stage.values()).map(Enum::name).toList());
    JsonNode problem = read(KAFKA.resolve("schemas/problem-reported/v1.schema.json")).at("/properties/data/properties");
    assertThat(texts(problem.at("/suggestedCategory/enum")))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Category.values()).map(Enum::name).toList());
  }

  // ---- examples -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicsWithSchema")
  void exampleValidatesAgainstItsSchema(Topic topic) {
    Path example = KAFKA.resolve("examples/" + topic.kind() + ".json");
    assertThat(example).as("example of " + topic).isRegularFile();
    JsonNode event = read(example);
    assertThat(messages(topic, event)).as(example + " is valid").isEmpty();
    assertThat(event.path("type").asText()).isEqualTo(topic.name());
    if (event.has("subject") && event.path("data").has("problemKey")) {
      assertThat(event.path("data").path("problemKey").asText()).isEqualTo(event.path("subject").asText());
    }
  }

  @Test
  void everyExampleBelongsToATopic() throws IOException {
    Set<String> kinds = topics().stream().map(Topic::kind).filter(k -> k != null).collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(KAFKA.resolve("examples"))) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")))
          .allMatch(kinds::contains);
    }
  }

  /** A strict contract: anything unknown is refused, so a typo never goes unnoticed. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("topicsWithSchema")
  void unknownFieldsAndMissingRequiredFieldsAreRefused(Topic topic) {
    JsonNode example = read(KAFKA.resolve("examples/" + topic.kind() + ".json"));

    ObjectNode extraEnvelope = example.deepCopy();
    extraEnvelope.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(locations(messages(topic, extraEnvelope))).containsExactly("/traceparent");

    ObjectNode extraData = example.deepCopy();
    ((ObjectNode) extraData.path("data")).put("remark", "备注");
    assertThat(locations(messages(topic, extraData))).containsExactly("/data/remark");

    JsonNode schema = read(KAFKA.resolve(topic.schema()));
    for (String field : texts(schema.path("required"))) {
      ObjectNode missing = example.deepCopy();
      missing.remove(field);
      assertThat(locations(messages(topic, missing))).as("without " + field).containsExactly("/" + field);
    }
    for (String field : texts(schema.at("/properties/data/required"))) {
      ObjectNode missing = example.deepCopy();
      ((ObjectNode) missing.path("data")).remove(field);
      assertThat(locations(messages(topic, missing))).as("without data." + field).containsExactly("/data/" + field);
    }
  }

  /** Required texts must say something: blanks, including the full-width space U+3000, are refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("topicsWithSchema")
  void blankRequiredTextsAreRefused(Topic topic) {
    JsonNode example = read(KAFKA.resolve("examples/" + topic.kind() + ".json"));
    JsonNode data = read(KAFKA.resolve(topic.schema())).at("/properties/data");
    for (String field : texts(data.path("required"))) {
      if (data.at("/properties/" + field + "/minLength").asInt() > 0) {
        ObjectNode blank = example.deepCopy();
        ((ObjectNode) blank.path("data")).put(field, " \u3000\t ");
        assertThat(locations(messages(topic, blank))).as("blank data." + field).containsExactly("/data/" + field);
      }
    }
  }

  @Test
  void everyInvalidExampleFailsOnlyAboutWhatItsNameSays() throws IOException {
    Map<String, Topic> byKind = topics().stream().filter(t -> t.kind() != null)
        .collect(Collectors.toMap(Topic::kind, Function.identity()));
    Path root = KAFKA.resolve("examples/invalid");
    List<String> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/')).sorted().toList();
    }
    assertThat(files).as("every invalid example has an expectation here, and every expectation a file")
        .containsExactlyInAnyOrderElementsOf(INVALID.keySet());

    for (String file : files) {
      Topic topic = byKind.get(file.substring(0, file.indexOf('/')));
      assertThat(topic).as("examples/invalid/" + file + " is under an event kind").isNotNull();
      Set<ValidationMessage> messages = messages(topic, read(root.resolve(file)));
      String expected = INVALID.get(file);
      String property = expected.substring(expected.lastIndexOf('/') + 1);
      assertThat(messages).as("examples/invalid/" + file + " is invalid").isNotEmpty();
      assertThat(locations(messages)).as("examples/invalid/" + file + " fails about " + expected).containsOnly(expected);
      assertThat(messages).extracting(ValidationMessage::getMessage)
          .as("examples/invalid/" + file + " says which property").allMatch(m -> m.contains(property));
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static Stream<Arguments> topicsWithSchema() {
    return topics().stream().filter(t -> t.schema() != null).map(Arguments::of);
  }

  static List<Topic> topics() {
    JsonNode root = read(KAFKA.resolve("topics.yaml"), YAML);
    assertThat(root.path("topics").isArray()).as("topics.yaml has a top-level list topics:").isTrue();
    List<Topic> topics = new ArrayList<>();
    for (JsonNode t : root.path("topics")) {
      topics.add(new Topic(text(t, "name"), text(t, "direction"), t.path("partitions").asInt(),
          t.path("replicationFactor").asInt(), text(t, "key"), text(t, "retention"), text(t, "cleanupPolicy"),
          text(t, "dlt"), text(t, "eventType"), text(t, "schema"), text(t, "description")));
    }
    assertThat(ContractsTests.class.getClassLoader().getResource("kafka/topics.yaml"))
        .as("kafka/topics.yaml on the classpath").isNotNull();
    return topics;
  }

  /** What the app's validation says about an event on a topic: the schema loaded as the app loads it. */
  static Set<ValidationMessage> messages(Topic topic, JsonNode event) {
    try (var in = Files.newInputStream(KAFKA.resolve(topic.schema()))) {
      return FACTORY.getSchema(in, CONFIG).validate(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The property each message is about: the instance location, plus the missing or unexpected property. */
  static Set<String> locations(Set<ValidationMessage> messages) {
    return messages.stream()
        .map(m -> switch (m.getType()) {
          case "required", "additionalProperties", "unevaluatedProperties" ->
              m.getInstanceLocation().append(m.getProperty()).toString();
          default -> m.getInstanceLocation().toString();
        })
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static JsonNode read(Path file) {
    return read(file, JSON);
  }

  static JsonNode read(Path file, ObjectMapper mapper) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not readable", e);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
