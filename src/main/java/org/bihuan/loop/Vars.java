package org.bihuan.loop;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bihuan.problem.Problems;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.spin.json.SpinJsonNode;

/**
 * Reads form-submitted variables, which arrive in the shapes Camunda Forms and the REST API give
 * them: numbers as Long or Double, dates as ISO strings, taglists as JSON arrays.
 */
final class Vars {

  private Vars() {}

  static String string(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return text.isBlank() ? null : text;
  }

  static Integer integer(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    if (value instanceof Number number) {
      return number.intValue();
    }
    return new BigDecimal(value.toString().trim()).intValueExact();
  }

  static BigDecimal decimal(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null || value.toString().isBlank() ? null : new BigDecimal(value.toString().trim());
  }

  static boolean bool(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
  }

  /** A date-only form field ("2026-12-31") means the end of that day in the government's zone. */
  static Instant endOfDay(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    String text = value.toString().trim();
    if (text.length() == 10) {
      return LocalDate.parse(text).plusDays(1).atStartOfDay(Problems.ZONE).toInstant().minusSeconds(1);
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  static List<String> strings(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    List<String> result = new ArrayList<>();
    if (value instanceof SpinJsonNode json && json.isArray()) {
      json.elements().forEach(e -> result.add(e.isString() ? e.stringValue() : e.toString()));
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(e -> result.add(String.valueOf(e)));
    } else if (value instanceof String text && !text.isBlank()) {
      for (String part : text.split("[,，]")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }
}
