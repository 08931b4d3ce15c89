package org.bihuan.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chinese (zh) localization of the Camunda webapps (Tasklist, Cockpit, Admin, Welcome).
 *
 * <p>For each app it compares our {@code zh.json} with the {@code en.json} shipped in the
 * Camunda webjar on the classpath: after a Camunda upgrade a missing or obsolete key, a changed
 * placeholder or a text left in English fails here. It also checks that our {@code config.js}
 * makes Chinese the default with English selectable, still contains everything of the shipped
 * {@code config.js}, and is the one served (it comes before the webjar's on the classpath).
 * See docs/webapp-localization.md.
 */
class WebappLocalizationTests {

  private static final String ROOT = "META-INF/resources/webjars/camunda/app/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Angular-translate placeholders ({{name}}) and the ng-pluralize count ({}). */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*?}}|\\{}");
  /** HTML markup that must survive translation. */
  private static final Pattern HTML_TAG =
      Pattern.compile("</?(?:a|b|i|em|strong|code|br|p|span|ul|li)\\b[^>]*>");
  /** Values that read the same in Chinese: symbols, product names, formats. */
  private static final Set<String> SAME_IN_CHINESE =
      Set.of("", "<", "<=", ">", ">=", "<null>", "<undefined>", "Camunda", "null", "CSV", "JSON",
          "Optimize", "ID", "ID*", "YYYY-MM-DDTHH:mm:ss");

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void zhHasExactlyTheKeysOfTheShippedEnglishLocale(String app) throws IOException {
    Map<String, String> en = flatten(readJson(shipped(app, "locales/en.json")));
    Map<String, String> zh = flatten(readJson(ours(app, "locales/zh.json")));

    assertThat(en).as("en.json of %s in the webjar", app).isNotEmpty();
    assertThat(zh.keySet())
        .as("keys of %s zh.json (missing ones are new in Camunda: translate them)", app)
        .containsExactlyInAnyOrderElementsOf(en.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyTranslationKeepsPlaceholdersAndMarkupAndIsChinese(String app) throws IOException {
    Map<String, String> en = flatten(readJson(shipped(app, "locales/en.json")));
    Map<String, String> zh = flatten(readJson(ours(app, "locales/zh.json")));
    List<String> problems = new ArrayList<>();

    en.forEach((key, english) -> {
      String chinese = zh.get(key);
      if (chinese == null) {
        return; // reported by the key-set test
      }
      if (!all(PLACEHOLDER, english).equals(all(PLACEHOLDER, chinese))) {
        problems.add(key + ": placeholders " + all(PLACEHOLDER, english) + " became "
            + all(PLACEHOLDER, chinese));
      }
      if (!all(HTML_TAG, english).equals(all(HTML_TAG, chinese))) {
        problems.add(key + ": HTML " + all(HTML_TAG, english) + " became "
            + all(HTML_TAG, chinese));
      }
      boolean labelText = key.startsWith("labels.");
      if (labelText && chinese.equals(english) && !SAME_IN_CHINESE.contains(english)) {
        problems.add(key + ": left in English: " + english);
      }
    });

    assertThat(problems).as("translation problems in %s zh.json", app).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void configMakesChineseTheDefaultAndKeepsEnglishSelectable(String app) throws IOException {
    String config = read(ours(app, "scripts/config.js"));

    Matcher supported =
        Pattern.compile("const SUPPORTED_LOCALES = \\[([^]]*)]").matcher(config);
    assertThat(supported.find()).as("%s config.js declares SUPPORTED_LOCALES", app).isTrue();
    List<String> locales = new ArrayList<>();
    for (String locale : supported.group(1).split(",")) {
      locales.add(locale.trim().replace("'", ""));
    }
    assertThat(locales).as("supported locales of %s, default first", app)
        .containsExactly("zh", "en");
    assertThat(config)
        .as("%s config.js: default is the first supported locale", app)
        .contains("SUPPORTED_LOCALES[0]")
        .as("%s config.js: only the chosen language is declared, so the browser's does not win", app)
        .contains("availableLocales: [LOCALE]")
        .contains("fallbackLocale: LOCALE");
  }

  @Test
  void theLanguageBlockIsTheSameInAllFourApps() throws IOException {
    Map<String, String> blocks = new LinkedHashMap<>();
    for (String app : List.of("tasklist", "cockpit", "admin", "welcome")) {
      String config = read(ours(app, "scripts/config.js"));
      int start = config.indexOf("// Bihuan: Simplified Chinese");
      int end = config.indexOf("export default {");
      assertThat(start).as("%s config.js has the language block", app).isNotNegative();
      blocks.put(app, config.substring(start, end));
    }
    assertThat(Set.copyOf(blocks.values())).as("language blocks of %s", blocks.keySet())
        .hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void configStillContainsEverythingOfTheShippedConfig(String app) throws IOException {
    List<String> shippedLines = meaningfulLines(read(shipped(app, "scripts/config.js")));
    List<String> ourLines = meaningfulLines(read(ours(app, "scripts/config.js")));

    // every line of Camunda's config.js, in order: an upgrade that changes it shows up here
    int at = 0;
    for (String line : shippedLines) {
      int found = ourLines.subList(at, ourLines.size()).indexOf(line);
      assertThat(found).as("%s config.js keeps the shipped line '%s'", app, line)
          .isNotNegative();
      at += found + 1;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"scripts/config.js", "locales/zh.json"})
  void ourFilesComeBeforeTheWebjarsOnTheClasspath(String file) throws IOException {
    for (String app : List.of("tasklist", "cockpit", "admin", "welcome")) {
      URL served = getClass().getClassLoader().getResource(ROOT + app + "/" + file);
      assertThat(served).as("%s/%s on the classpath", app, file).isNotNull();
      assertThat(served.toString())
          .as("%s/%s is served from this project, not the webjar", app, file)
          .doesNotContain("camunda-webapp-webjar");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The file of the Camunda webjar, even where this project has one at the same path. */
  private static URL shipped(String app, String file) throws IOException {
    for (URL url : Collections.list(
        WebappLocalizationTests.class.getClassLoader().getResources(ROOT + app + "/" + file))) {
      if (url.toString().contains("camunda-webapp-webjar")) {
        return url;
      }
    }
    throw new AssertionError("camunda-webapp-webjar on the classpath has no " + app + "/" + file);
  }

  /** This project's file (the first on the classpath). */
  private static URL ours(String app, String file) {
    URL url = WebappLocalizationTests.class.getClassLoader().getResource(ROOT + app + "/" + file);
    assertThat(url).as("%s/%s in src/main/resources", app, file).isNotNull();
    return url;
  }

  private static JsonNode readJson(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return JSON.readTree(in); // Jackson skips the UTF-8 BOM of Camunda's files
    }
  }

  private static String read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Leaf values by path, e.g. {@code labels.CLAIM_TASK} or {@code dateLocales.months[0]}. */
  private static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", node, out);
    return out;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(
          e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), out);
      }
    } else {
      out.put(path, node.asText());
    }
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    Collections.sort(found);
    return found;
  }

  private static List<String> meaningfulLines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }
}
