package org.bihuan.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bihuan.calendar.CalendarYear.SpecialDay;
import org.springframework.core.io.ClassPathResource;

/**
 * Reads a calendar file (the shape of {@code calendar/holidays-cn-2026.json}): first its shape
 * against {@code calendar/calendar-year.schema.json}, then what a schema cannot say — every date is
 * a real date of the stated year, no date twice, an adjusted working day falls on a weekend.
 * Every error is reported, in Chinese and English, with where it is.
 */
final class CalendarFiles {

  /** One thing wrong with a file: where (a JSON path such as {@code $.days[3].date}) and what. */
  record FileError(String field, String message) {}

  /** A file read: the year, or what is wrong with it. */
  record Reading(CalendarYear year, List<FileError> errors) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  private static final JsonSchema SCHEMA = loadSchema();

  private CalendarFiles() {}

  static Reading read(JsonNode file) {
    List<FileError> errors = schemaErrors(file);
    if (!errors.isEmpty()) {
      return new Reading(null, errors);
    }
    int year = file.path("year").asInt();
    List<SpecialDay> days = new ArrayList<>();
    Map<LocalDate, Integer> firstIndex = new HashMap<>();
    JsonNode listed = file.path("days");
    for (int i = 0; i < listed.size(); i++) {
      JsonNode day = listed.get(i);
      String field = "$.days[" + i + "].date";
      String text = day.path("date").asText();
      LocalDate date;
      try {
        date = LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        errors.add(new FileError(field, text + " 不是有效日期 / " + text + " is not a valid date"));
        continue;
      }
      if (date.getYear() != year) {
        errors.add(new FileError(field, "日期 " + date + " 不在 " + year + " 年内 / date " + date + " is not in year " + year));
      }
      Integer first = firstIndex.putIfAbsent(date, i);
      if (first != null) {
        errors.add(new FileError(field, "日期 " + date + " 重复（已见于 days[" + first + "]） / date " + date
            + " is listed twice (first at days[" + first + "])"));
      }
      boolean offDay = day.path("offDay").booleanValue();
      if (!offDay && !isWeekend(date)) {
        errors.add(new FileError("$.days[" + i + "].offDay", "调休上班日 " + date + " 不是周末 / adjusted working day "
            + date + " is not on a weekend (weekdays are working days anyway)"));
      }
      days.add(new SpecialDay(date, day.path("name").asText().strip(), offDay));
    }
    if (!errors.isEmpty()) {
      return new Reading(null, errors);
    }
    String note = file.hasNonNull("note") ? file.path("note").asText() : null;
    return new Reading(new CalendarYear(year, file.path("source").asText().strip(), note, days), List.of());
  }

  private static boolean isWeekend(LocalDate date) {
    return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** Schema errors with the validator's own Chinese and English messages, paired by place and keyword. */
  private static List<FileError> schemaErrors(JsonNode file) {
    List<ValidationMessage> chinese = sorted(SCHEMA.validate(file, c -> c.getExecutionConfig().setLocale(Locale.SIMPLIFIED_CHINESE)));
    List<ValidationMessage> english = sorted(SCHEMA.validate(file, c -> c.getExecutionConfig().setLocale(Locale.ENGLISH)));
    List<FileError> errors = new ArrayList<>();
    for (int i = 0; i < english.size(); i++) {
      String where = english.get(i).getInstanceLocation().toString();
      String zh = i < chinese.size() ? withoutPlace(chinese.get(i)) : "";
      errors.add(new FileError(where, zh + " / " + withoutPlace(english.get(i))));
    }
    return errors;
  }

  private static List<ValidationMessage> sorted(java.util.Set<ValidationMessage> messages) {
    return messages.stream()
        .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getType)
            .thenComparing(m -> String.valueOf(m.getProperty())))
        .toList();
  }

  /** The validator prefixes each message with the place; the place has its own field. */
  private static String withoutPlace(ValidationMessage message) {
    String text = message.getMessage();
    String place = message.getInstanceLocation().toString() + ": ";
    return text.startsWith(place) ? text.substring(place.length()) : text;
  }

  private static JsonSchema loadSchema() {
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(com.networknt.schema.PathType.JSON_PATH).build();
    try (InputStream in = new ClassPathResource("calendar/calendar-year.schema.json").getInputStream()) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException("calendar/calendar-year.schema.json is missing", e);
    }
  }
}
