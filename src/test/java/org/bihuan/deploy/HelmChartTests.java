package org.bihuan.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bihuan.events.EventsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The Helm chart in {@code helm/bihuan}, checked with helm's own code (helm-java bundles helm as a
 * native library): {@code helm lint --strict} and {@code helm template} with the value sets in
 * {@code helm/bihuan/ci/}, the rendered manifests read as YAML. No cluster: what the chart would
 * apply, not how a cluster runs it.
 */
class HelmChartTests {

  static final Path CHART = Path.of("helm", "bihuan");
  static final Path REQUIRED_VALUES = CHART.resolve("ci/required-values.yaml");
  static final Path HA_VALUES = CHART.resolve("ci/ha-values.yaml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path temp;

  // ---- the chart's own files ----------------------------------------------------------------------

  @Test
  void chartTopicsAreTheContractsTopicsByteForByte() throws IOException {
    // helm reads no file outside the chart, so the chart keeps a copy; this keeps it honest
    assertThat(Files.readAllBytes(CHART.resolve("files/topics.yaml")))
        .as("helm/bihuan/files/topics.yaml must equal kafka/topics.yaml: cp kafka/topics.yaml helm/bihuan/files/")
        .isEqualTo(Files.readAllBytes(Path.of("kafka", "topics.yaml")));
  }

  /**
   * Every value a user may set has a comment right above it in values.yaml and a type in
   * values.schema.json. Groups (objects whose keys the schema lists) need no comment of their own;
   * a free-form object (resources, selectors) or a list is one value, documented once.
   */
  @Test
  void everyValueIsDocumentedAndTyped() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());
    Pattern keyLine = Pattern.compile("^( *)([A-Za-z][\\w.-]*):");
    List<String> undocumented = new ArrayList<>();
    Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
    String previous = "";
    int skipDeeperThan = Integer.MAX_VALUE;
    for (String line : Files.readAllLines(CHART.resolve("values.yaml"))) {
      Matcher key = keyLine.matcher(line);
      int indent = line.length() - line.stripLeading().length();
      if (line.isBlank() || indent > skipDeeperThan) {
        continue;
      }
      skipDeeperThan = Integer.MAX_VALUE;
      if (!key.find()) {
        previous = line.strip();
        continue;
      }
      while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
        parents.pop();
      }
      List<String> path = new ArrayList<>();
      parents.descendingIterator().forEachRemaining(parent -> path.add(parent.getValue()));
      path.add(key.group(2));
      JsonNode type = schema;
      for (String segment : path) {
        type = type.path("properties").path(segment);
      }
      if (type.isMissingNode()) {
        undocumented.add(String.join(".", path) + " (no type in values.schema.json)");
      } else if (!type.has("properties")) {
        if (!previous.startsWith("#")) {
          undocumented.add(String.join(".", path));
        }
        skipDeeperThan = indent;
      }
      parents.push(Map.entry(indent, key.group(2)));
      previous = line.strip();
    }
    assertThat(undocumented).as("values without a comment above them or a type").isEmpty();
  }

  // ---- lint --------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"ci/required-values.yaml", "ci/ha-values.yaml"})
  void lintsStrictWithEveryValueSet(String valueSet) {
    LintResult lint = new Helm(chartWithValues(read(CHART.resolve(valueSet)))).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  @Test
  void lintRefusesTheChartAsShippedBecauseItHasNoSecrets() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).isTrue();
    assertThat(String.join("\n", lint.getMessages())).contains("database", "existingSecret");
  }

  // ---- the defaults plus the required secrets ------------------------------------------------------

  @Test
  void deploysTwoHardenedNodesWithProbesOnActuatorsHealthGroups() {
    Manifests manifests = render(read(REQUIRED_VALUES));
    JsonNode deployment = manifests.one("Deployment");
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(container.at("/image").asText()).isEqualTo("registry.example.org/bihuan/bihuan:0.1.0");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
    JsonNode security = container.at("/securityContext");
    assertThat(security.at("/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(texts(security.at("/capabilities/drop"))).containsExactly("ALL");
    // the read-only root leaves /tmp writable for Tomcat, Camunda and the JVM
    assertThat(container.at("/volumeMounts")).anySatisfy(mount -> assertThat(mount.at("/mountPath").asText()).isEqualTo("/tmp"));
    assertThat(pod.at("/volumes")).anySatisfy(volume -> assertThat(volume.has("emptyDir")).isTrue());

    // graceful stop: leave the endpoints, then finish the batch, within the grace period
    long preStop = Long.parseLong(container.at("/lifecycle/preStop/exec/command/1").asText());
    Duration shutdown = Duration.ofSeconds(Long.parseLong(
        manifests.one("ConfigMap").at("/data/SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").asText().replace("s", "")));
    assertThat(manifests.one("ConfigMap").at("/data/SERVER_SHUTDOWN").asText()).isEqualTo("graceful");
    assertThat(pod.at("/terminationGracePeriodSeconds").asLong()).isGreaterThan(preStop + shutdown.toSeconds());

    assertThat(manifests.one("Service").at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(manifests.one("PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(manifests.kinds()).doesNotContain("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor", "KafkaTopic", "Secret");
  }

  @Test
  void configMapCarriesTheSettingsTheAppReads() {
    JsonNode config = render(read(REQUIRED_VALUES)).one("ConfigMap").at("/data");

    assertThat(config.at("/SPRING_DATASOURCE_URL").asText()).isEqualTo("jdbc:postgresql://bihuan-db-rw:5432/bihuan");
    assertThat(config.at("/SPRING_KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("bihuan-kafka-kafka-bootstrap:9093");
    assertThat(config.at("/SPRING_KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
    assertThat(config.at("/SPRING_KAFKA_PROPERTIES_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
    assertThat(config.at("/BIHUAN_EVENTS_REQUIRESIGNATURES").asText()).isEqualTo("true");
    assertThat(config.at("/BIHUAN_EVENTS_EMBEDDEDBROKER").asText()).isEqualTo("false");
    assertThat(config.at("/BIHUAN_EMBEDDEDPOSTGRES_ENABLED").asText()).isEqualTo("false");
    assertThat(config.at("/BIHUAN_EVENTS_CREATETOPICS").asText()).isEqualTo("true");
    assertThat(config.at("/MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED").isMissingNode())
        .as("probes are on in application.yaml already").isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ci/required-values.yaml", "ci/ha-values.yaml"})
  void secretsAreReferencedNeverInlined(String valueSet) {
    Manifests manifests = render(read(CHART.resolve(valueSet)));
    List<JsonNode> env = new ArrayList<>();
    manifests.one("Deployment").at("/spec/template/spec/containers/0/env").forEach(env::add);

    assertThat(manifests.kinds()).doesNotContain("Secret");
    assertThat(manifests.one("ConfigMap").at("/data").fieldNames()).toIterable()
        .noneMatch(name -> name.matches(".*(PASSWORD|SECRET|JAAS|USERNAME).*"));
    assertThat(env).filteredOn(variable -> variable.at("/name").asText().matches(".*(PASSWORD|SECRET|JAAS|USERNAME).*"))
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(variable -> {
          assertThat(variable.has("value")).as("%s is inlined", variable.at("/name").asText()).isFalse();
          assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).isNotBlank();
        });
    assertThat(secretRef(env, "SPRING_DATASOURCE_USERNAME")).isEqualTo("bihuan-db-app/username");
    assertThat(secretRef(env, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("bihuan-db-app/password");
    assertThat(secretRef(env, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).isEqualTo("bihuan-kafka-user/sasl.jaas.config");
    assertThat(secretRef(env, "BIHUAN_EVENTS_UNITSECRETS_QZJW")).isEqualTo("bihuan-unit-secrets/qzjw");
    assertThat(secretRef(env, "BIHUAN_EVENTS_UNITSECRETS_QFGW")).isEqualTo("bihuan-unit-secrets/qfgw");
  }

  @Test
  void networkPolicyLetsInTheIngressControllerAndOutOnlyToPostgresKafkaAndDns() {
    JsonNode policy = render(read(REQUIRED_VALUES)).one("NetworkPolicy").at("/spec");

    assertThat(texts(policy.at("/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.at("/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
        .isEqualTo("ingress-nginx");
    assertThat(policy.at("/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asText())
        .isEqualTo("ingress-nginx");
    JsonNode egress = policy.at("/egress");
    assertThat(egress).hasSize(3).allSatisfy(rule -> assertThat(rule.at("/to")).isNotEmpty());
    assertThat(ports(egress.get(0))).containsExactly(5432);
    assertThat(egress.get(0).at("/to/0/podSelector/matchLabels/cnpg.io~1cluster").asText()).isEqualTo("bihuan-db");
    assertThat(ports(egress.get(1))).containsExactly(9092, 9093);
    assertThat(egress.get(1).at("/to/0/podSelector/matchLabels/strimzi.io~1cluster").asText()).isEqualTo("bihuan-kafka");
    assertThat(ports(egress.get(2))).containsExactly(53, 53);
  }

  /**
   * What the app would read: the rendered ConfigMap and env (a secret reference stands in for its
   * value) as the process environment over the real application.yaml, bound by Spring Boot's own
   * binder to the app's typed settings. A misspelt variable name binds nothing and fails here.
   */
  @Test
  void renderedEnvironmentBindsToTheAppsSettings() throws IOException {
    Manifests manifests = render(read(HA_VALUES));
    Map<String, Object> variables = new LinkedHashMap<>();
    manifests.one("ConfigMap").at("/data").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
    manifests.one("Deployment").at("/spec/template/spec/containers/0/env").forEach(variable -> variables.put(
        variable.at("/name").asText(), variable.has("value") ? variable.at("/value").asText()
            : "from:" + variable.at("/valueFrom/secretKeyRef/name").asText() + "/" + variable.at("/valueFrom/secretKeyRef/key").asText()));
    StandardEnvironment environment = new StandardEnvironment();
    MutablePropertySources sources = environment.getPropertySources();
    // the pod has no system properties; this JVM's (e.g. the test broker's address) must not leak in
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource("src/main/resources/application.yaml"))
        .forEach(sources::addLast);
    ConfigurationPropertySources.attach(environment);
    Binder binder = Binder.get(environment);

    EventsProperties events = binder.bindOrCreate("bihuan.events", EventsProperties.class);
    assertThat(events.unitSecrets()).containsOnly(Map.entry("qzjw", "from:bihuan-unit-secrets/qzjw"),
        Map.entry("qfgw", "from:bihuan-unit-secrets/qfgw"), Map.entry("qzfj", "from:bihuan-unit-secrets/qzfj"));
    assertThat(events.requireSignatures()).isTrue();
    assertThat(events.embeddedBroker()).isFalse();
    assertThat(events.createTopics()).isFalse();
    assertThat(events.concurrency()).isEqualTo(2);
    assertThat(environment.getProperty("bihuan.embedded-postgres.enabled", Boolean.class)).isFalse();
    assertThat(environment.resolvePlaceholders("${spring.kafka.bootstrap-servers:}"))
        .as("the embedded broker's condition sees the servers").isEqualTo("bihuan-kafka-kafka-bootstrap:9093");

    KafkaProperties kafka = binder.bind("spring.kafka", KafkaProperties.class).get();
    assertThat(kafka.getBootstrapServers()).containsExactly("bihuan-kafka-kafka-bootstrap:9093");
    assertThat(kafka.getSecurity().getProtocol()).isEqualTo("SASL_SSL");
    assertThat(kafka.getProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "from:bihuan-kafka-user/sasl.jaas.config");
    assertThat(kafka.getConsumer().getMaxPollRecords()).isEqualTo(500);
    assertThat(kafka.getSsl().getTrustStoreLocation().getFilename()).isEqualTo("ca.p12");
    assertThat(kafka.getSsl().getTrustStorePassword()).isEqualTo("from:bihuan-kafka-cluster-ca-cert/ca.password");

    DataSourceProperties dataSource = binder.bind("spring.datasource", DataSourceProperties.class).get();
    assertThat(dataSource.getUrl()).isEqualTo("jdbc:postgresql://bihuan-db-rw:5432/bihuan");
    assertThat(dataSource.getUsername()).isEqualTo("from:bihuan-db-app/username");
    assertThat(dataSource.getPassword()).isEqualTo("from:bihuan-db-app/password");
    assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class)).isEqualTo(20);
    assertThat(binder.bind("server", ServerProperties.class).get())
        .satisfies(server -> assertThat(server.getShutdown()).isEqualTo(Shutdown.GRACEFUL))
        .satisfies(server -> assertThat(server.getForwardHeadersStrategy()).isEqualTo(ServerProperties.ForwardHeadersStrategy.NATIVE))
        .satisfies(server -> assertThat(server.getPort()).isEqualTo(8080));
    assertThat(binder.bind("spring.lifecycle", LifecycleProperties.class).get().getTimeoutPerShutdownPhase())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(environment.getProperty("bihuan.security.max-request-bytes", Long.class)).isEqualTo(1048576L);
    assertThat(environment.getProperty("camunda.bpm.admin-user.password")).isEqualTo("from:bihuan-admin/password");
  }

  // ---- several nodes, ingress, metrics, topics ---------------------------------------------------

  @Test
  void haValuesAddAutoscalerIngressWithCookieAffinityAndServiceMonitor() {
    Manifests manifests = render(read(HA_VALUES));

    JsonNode deployment = manifests.one("Deployment");
    assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the HPA owns the replica count").isTrue();
    JsonNode hpa = manifests.one("HorizontalPodAutoscaler").at("/spec");
    assertThat(hpa.at("/minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.at("/maxReplicas").asInt()).isEqualTo(3);
    assertThat(hpa.at("/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
    assertThat(manifests.one("PodDisruptionBudget").at("/spec/selector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));

    JsonNode ingress = manifests.one("Ingress");
    JsonNode annotations = ingress.at("/metadata/annotations");
    assertThat(annotations.at("/nginx.ingress.kubernetes.io~1affinity").asText()).isEqualTo("cookie");
    assertThat(annotations.at("/nginx.ingress.kubernetes.io~1session-cookie-name").asText()).isEqualTo("BIHUAN_NODE");
    assertThat(annotations.at("/nginx.ingress.kubernetes.io~1session-cookie-secure").asText()).isEqualTo("true");
    assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("bihuan.example.org");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("bihuan-tls");

    JsonNode endpoint = manifests.one("ServiceMonitor").at("/spec/endpoints/0");
    assertThat(endpoint.at("/path").asText()).isEqualTo("/actuator/prometheus");
    assertThat(endpoint.at("/basicAuth/username/name").asText()).isEqualTo("bihuan-metrics-user");
    assertThat(endpoint.at("/basicAuth/password/key").asText()).isEqualTo("password");
    assertThat(manifests.one("NetworkPolicy").at("/spec/ingress"))
        .anySatisfy(rule -> assertThat(rule.at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
            .isEqualTo("monitoring"));

    JsonNode config = manifests.one("ConfigMap").at("/data");
    assertThat(config.at("/BIHUAN_EVENTS_CREATETOPICS").asText()).as("Strimzi owns the topics").isEqualTo("false");
    assertThat(config.at("/BIHUAN_DEADLINES_TRIAGE").asText()).isEqualTo("P2D");
    assertThat(config.at("/BIHUAN_DEADLINES_PROVIDEINFORMATION").asText()).isEqualTo("PT72H");
    assertThat(config.at("/SPRING_KAFKA_SSL_TRUSTSTORELOCATION").asText())
        .isEqualTo("file:/etc/bihuan/kafka-truststore/ca.p12");
    List<JsonNode> env = new ArrayList<>();
    deployment.at("/spec/template/spec/containers/0/env").forEach(env::add);
    assertThat(secretRef(env, "SPRING_KAFKA_SSL_TRUSTSTOREPASSWORD")).isEqualTo("bihuan-kafka-cluster-ca-cert/ca.password");
    assertThat(secretRef(env, "CAMUNDA_BPM_ADMINUSER_PASSWORD")).isEqualTo("bihuan-admin/password");
  }

  @Test
  void kafkaTopicsAreRenderedFromTopicsYamlWithTheReplicationValues() {
    ObjectNode values = read(HA_VALUES);
    set(values, "kafkaTopics.replicationFactor", 5);
    set(values, "kafkaTopics.minInsyncReplicas", 3);
    List<JsonNode> rendered = render(values).all("KafkaTopic");
    JsonNode contract = read(Path.of("kafka", "topics.yaml")).at("/topics");
    assertThat(rendered).allSatisfy(t -> assertThat(t.at("/apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1"));

    assertThat(rendered).hasSize(contract.size());
    for (JsonNode topic : contract) {
      String name = topic.at("/name").asText();
      JsonNode kafkaTopic = rendered.stream().filter(t -> t.at("/spec/topicName").asText().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no KafkaTopic for " + name));
      assertThat(kafkaTopic.at("/metadata/name").asText()).isEqualTo(name.toLowerCase());
      assertThat(kafkaTopic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("bihuan-kafka");
      assertThat(kafkaTopic.at("/spec/partitions").asInt()).isEqualTo(topic.at("/partitions").asInt());
      assertThat(kafkaTopic.at("/spec/replicas").asInt()).isEqualTo(5);
      JsonNode config = kafkaTopic.at("/spec/config");
      assertThat(config.at("/min.insync.replicas").asText()).isEqualTo("3");
      assertThat(config.at("/cleanup.policy").asText()).isEqualTo(topic.at("/cleanupPolicy").asText());
      String retention = topic.at("/retention").asText();
      long expected = retention.equals("infinite") ? -1 : Duration.parse(retention).toMillis();
      assertThat(Long.parseLong(config.at("/retention.ms").asText())).as(name).isEqualTo(expected);
    }
  }

  @Test
  void testHookWaitsForReadinessAndCallsTheApiWithCredentialsFromASecret() throws IOException {
    // helm-java's template returns the release manifest without hooks: render the test pod from a
    // copy of the chart whose pod is not a hook, and check the hook annotation on the original
    Path original = CHART.resolve("templates/tests/test-connection.yaml");
    String template = Files.readString(original);
    assertThat(template).contains("helm.sh/hook: test");
    Path chart = chartWithValues(read(REQUIRED_VALUES));
    Files.writeString(chart.resolve("templates/tests/test-connection.yaml"),
        template.replace("helm.sh/hook: test", "bihuan.org/hook-under-test: test"));

    Manifests manifests = new Manifests(template(chart).call());
    JsonNode pod = manifests.all("Pod").stream()
        .filter(p -> p.at("/metadata/labels/app.kubernetes.io~1component").asText().equals("chart-test"))
        .findFirst().orElseThrow();
    // the app's selector must not pick the test pod: the NetworkPolicy would cut it off from the app
    Map<String, String> podLabels = YAML.convertValue(pod.at("/metadata/labels"), new TypeReference<>() {});
    Map<String, String> appSelector =
        YAML.convertValue(manifests.one("Deployment").at("/spec/selector/matchLabels"), new TypeReference<>() {});
    assertThat(podLabels.entrySet().containsAll(appSelector.entrySet())).as("test pod labels %s match %s", podLabels, appSelector)
        .isFalse();
    assertThat(manifests.one("NetworkPolicy").at("/spec/ingress"))
        .anySatisfy(rule -> assertThat(rule.at("/from/0/podSelector/matchLabels")).isEqualTo(
            YAML.valueToTree(Map.of("app.kubernetes.io/instance", "bihuan", "app.kubernetes.io/component", "chart-test"))));
    JsonNode container = pod.at("/spec/containers/0");
    String script = container.at("/args/0").asText();

    assertThat(script).contains("http://bihuan:8080/actuator/health/readiness", "http://bihuan:8080/api/catalog/actions",
        "\"$BIHUAN_TEST_USERNAME\" \"$BIHUAN_TEST_PASSWORD\"", "401");
    List<JsonNode> env = new ArrayList<>();
    container.at("/env").forEach(env::add);
    assertThat(secretRef(env, "BIHUAN_TEST_USERNAME")).isEqualTo("bihuan-smoke-user/username");
    assertThat(secretRef(env, "BIHUAN_TEST_PASSWORD")).isEqualTo("bihuan-smoke-user/password");
    assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
  }

  // ---- refusals ----------------------------------------------------------------------------------

  @Test
  void schemaRefusesAValueOfTheWrongType() {
    ObjectNode values = read(REQUIRED_VALUES);
    values.put("replicaCount", "two");

    assertThatThrownBy(() -> render(values)).hasMessageContaining("replicaCount").hasMessageContaining("integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"database.existingSecret", "kafka.sasl.existingSecret", "events.unitSecrets.existingSecret",
      "tests.existingSecret", "image.repository", "database.url", "kafka.bootstrapServers"})
  void refusesToRenderWithoutARequiredValue(String key) {
    ObjectNode values = read(REQUIRED_VALUES);
    set(values, key, "");

    assertThatThrownBy(() -> render(values)).hasMessageContaining(key.substring(key.lastIndexOf('.') + 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"database.existingSecret", "kafka.sasl.existingSecret", "events.unitSecrets.existingSecret",
      "tests.existingSecret", "image.repository"})
  void templatesRefuseWithoutARequiredSecretEvenWhenTheSchemaIsSkipped(String key) throws IOException {
    // `helm template --skip-schema-validation` bypasses values.schema.json; required/fail still hold
    ObjectNode values = read(REQUIRED_VALUES);
    set(values, key, "");
    Path chart = chartWithValues(values);
    Files.delete(chart.resolve("values.schema.json"));

    assertThatThrownBy(() -> template(chart).call()).hasMessageContaining("execution error").hasMessageContaining(key);
  }

  @Test
  void refusesToRenderWithoutAnyUnitSecret() {
    ObjectNode values = read(REQUIRED_VALUES);
    set(values, "events.unitSecrets.units", JsonNodeFactory.instance.arrayNode());

    assertThatThrownBy(() -> render(values)).hasMessageContaining("units");
  }

  @Test
  void refusesOptionalFeaturesWithoutTheirSecretOrName() {
    assertRefused(values -> set(values, "metrics.serviceMonitor.enabled", true), "existingSecret");
    assertRefused(values -> set(values, "kafkaTopics.enabled", true), "clusterName");
    assertRefused(values -> set(values, "ingress.enabled", true), "host");
    assertRefused(values -> set(values, "events.requireSignatures", false), "requireSignatures");
  }

  @Test
  void refusesAGracePeriodThatCannotFinishABatch() {
    ObjectNode values = read(REQUIRED_VALUES);
    set(values, "terminationGracePeriodSeconds", 30);

    assertThatThrownBy(() -> render(values)).hasMessageContaining("terminationGracePeriodSeconds");
  }

  @Test
  void refusesAnInlinedSecretInExtraEnv() {
    ObjectNode values = read(REQUIRED_VALUES);
    ArrayNode extraEnv = values.putArray("extraEnv");
    extraEnv.addObject().put("name", "CAMUNDA_BPM_ADMINUSER_PASSWORD").put("value", "inlined-in-values");

    assertThatThrownBy(() -> render(values)).hasMessageContaining("extraEnv");
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private void assertRefused(Consumer<ObjectNode> change, String expected) {
    ObjectNode values = read(REQUIRED_VALUES);
    change.accept(values);
    assertThatThrownBy(() -> render(values)).hasMessageContaining(expected);
  }

  private Manifests render(ObjectNode values) {
    Path file = temp.resolve("values-" + System.nanoTime() + ".yaml");
    write(file, values);
    return new Manifests(template(CHART).withValuesFile(file).call());
  }

  private static TemplateCommand template(Path chart) {
    return new Helm(chart).template().withName("bihuan").withNamespace("bihuan");
  }

  /**
   * A copy of the chart whose values.yaml has the given values merged in: helm-java's lint takes no
   * values file, so lint sees the values the way `helm lint -f` would.
   */
  private Path chartWithValues(ObjectNode overrides) {
    Path copy = temp.resolve("chart-" + System.nanoTime()).resolve("bihuan");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode values = read(CHART.resolve("values.yaml"));
    merge(values, overrides);
    write(copy.resolve("values.yaml"), values);
    return copy;
  }

  private static void merge(ObjectNode target, JsonNode source) {
    source.fields().forEachRemaining(field -> {
      if (field.getValue().isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
        merge(existing, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    });
  }

  private static void set(ObjectNode values, String dottedKey, Object value) {
    String[] path = dottedKey.split("\\.");
    ObjectNode node = values;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.get(path[i]) instanceof ObjectNode child ? child : node.putObject(path[i]);
    }
    node.set(path[path.length - 1], YAML.valueToTree(value));
  }

  private static String secretRef(List<JsonNode> env, String name) {
    JsonNode variable = env.stream().filter(v -> v.at("/name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
    assertThat(variable.has("value")).as("%s is inlined", name).isFalse();
    JsonNode ref = variable.at("/valueFrom/secretKeyRef");
    return ref.at("/name").asText() + "/" + ref.at("/key").asText();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static List<Integer> ports(JsonNode rule) {
    return StreamSupport.stream(rule.at("/ports").spliterator(), false).map(port -> port.at("/port").asInt()).toList();
  }

  private static ObjectNode read(Path file) {
    try {
      return (ObjectNode) YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, JsonNode values) {
    try {
      YAML.writeValue(file.toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of one `helm template` output. */
  record Manifests(List<JsonNode> documents) {

    Manifests(String rendered) {
      this(parse(rendered));
    }

    private static List<JsonNode> parse(String rendered) {
      try (var parser = YAML.getFactory().createParser(rendered)) {
        return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> d != null && d.has("kind")).toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String> kinds() {
      return documents.stream().map(d -> d.at("/kind").asText()).toList();
    }

    List<JsonNode> all(String kind) {
      return documents.stream().filter(d -> d.at("/kind").asText().equals(kind)).toList();
    }

    JsonNode one(String kind) {
      List<JsonNode> found = all(kind);
      assertThat(found).as("exactly one %s in %s", kind, kinds()).hasSize(1);
      return found.get(0);
    }
  }
}
