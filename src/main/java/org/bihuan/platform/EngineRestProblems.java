package org.bihuan.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Every error of Camunda's REST API as RFC 9457 problem details with a Chinese and an English message,
 * like {@code /api}. Camunda's own exception mappers answer a broken rule of the loop inside a
 * delegate (a {@link ProblemRuleViolation} wrapped in the engine's exception and then in a
 * {@link RestException} with status 500) as an internal error; here it is the 400 the README
 * promises, typed by the rule. Camunda's status is kept for everything else, except that a request
 * the engine itself calls bad ({@link BadUserRequestException}) is never a 500. Camunda's {@code message}
 * stays as an extension member for clients written against Camunda's error format.
 *
 * <p>Jersey picks the mapper of the nearest exception type and, between equally near ones, the one
 * with the lower priority value: these mappers have the same types as Camunda's and win by priority.
 */
final class EngineRestProblems {

  /** Lower than Jersey's default (5000) that Camunda's mappers have. */
  static final int PRIORITY = 100;

  private static final Logger log = LoggerFactory.getLogger(EngineRestProblems.class);
  /** Class names are no business of the caller: org.bihuan.problem.Category.X becomes Category.X. */
  private static final Pattern JAVA_PACKAGE =
      Pattern.compile("\\b(?:java|javax|jakarta|org|com)\\.(?:[a-z_][a-z0-9_]*\\.)*");

  /** How the engine's messages begin when a submitted variable cannot be converted or serialised. */
  private static final List<String> INPUT_ERRORS = List.of(
      "Cannot find serializer for value", // type Object without a data format, Xml without a value
      "Cannot deserialize object in variable", // type Json or Object whose value does not parse
      "ENGINE-17007"); // type Object asking for Java serialization, which is switched off

  private EngineRestProblems() {}

  static List<ExceptionMapper<?>> mappers(ObjectMapper json) {
    return List.of(
        new OfRestException(json), new OfEngineException(json), new OfJsonMapping(json), new OfJsonParse(json),
        new OfAnything(json));
  }

  static Response toResponse(Throwable error, ObjectMapper json) {
    ProblemDetail detail = problemOf(error);
    try {
      Response.ResponseBuilder response = Response.status(detail.getStatus())
          .type(MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8")
          .entity(json.writeValueAsBytes(detail));
      if (error instanceof WebApplicationException web && web.getResponse() != null) {
        // e.g. Allow on 405
        web.getResponse().getStringHeaders().forEach((name, values) -> {
          if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
            values.forEach(value -> response.header(name, value));
          }
        });
      }
      return response.build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem details not writable", e);
    }
  }

  static ProblemDetail problemOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RequestTooLargeException tooLarge) {
        return ApiProblems.detail(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", "请求过大 / Request too large",
            "请求体过大", tooLarge.getMessage());
      }
      if (t instanceof NulCharacterException) {
        return NulCharacterException.problem();
      }
      if (t instanceof ProblemRuleViolation violation) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, violation.getMessage());
        detail.setType(java.net.URI.create(ApiProblems.TYPE_BASE + violation.type()));
        detail.setTitle("违反处置规则 / Rule violated");
        detail.setProperty("message", violation.getMessage());
        return detail;
      }
    }
    HttpStatus status = statusOf(error);
    if (status.is5xxServerError()) {
      log.error("/engine-rest answered {}", status.value(), error);
      return ApiProblems.detail(status, "internal-error", "内部错误 / Internal error",
          "服务器内部错误，已记录", "internal error; it has been logged");
    }
    String message = messageOf(error);
    ProblemDetail detail = ApiProblems.detail(status, "engine-request-refused", ApiProblems.title(status),
        ApiProblems.chinese(status), message);
    detail.setProperty("message", message);
    return detail;
  }

  private static HttpStatus statusOf(Throwable error) {
    if (error instanceof JsonMappingException || error instanceof JsonParseException || isInputError(error)) {
      return HttpStatus.BAD_REQUEST;
    }
    HttpStatus status = HttpStatus.valueOf(ExceptionHandlerHelper.getInstance().getStatus(error).getStatusCode());
    if (status.is5xxServerError()) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t instanceof AuthorizationException) {
          return HttpStatus.FORBIDDEN;
        }
        if (t instanceof BadUserRequestException) {
          return HttpStatus.BAD_REQUEST;
        }
      }
    }
    return status;
  }

  /**
   * Input the REST layer, the engine or a delegate could not convert or store, which Camunda answers
   * with 500 (all found by FuzzIT): an {@link IllegalArgumentException} outside the engine's own
   * exceptions (a variable of type File without valueInfo, an enum form value that is no constant);
   * the engine's variable errors in {@link #INPUT_ERRORS}, which it reports only by message; a value
   * PostgreSQL refuses as data (SQLSTATE class 22: a string variable over the 4,000 characters of
   * Camunda's text column, an untranslatable character); a null the REST resource dereferences (a body
   * of {@code null}). The engine command has rolled back. A programming error of the same kind would
   * be answered 400 too; it is logged with its stack.
   */
  private static boolean isInputError(Throwable error) {
    boolean input = false;
    if (error instanceof IllegalArgumentException) {
      input = true;
    } else if (error instanceof NullPointerException && error.getStackTrace().length > 0
        && error.getStackTrace()[0].getClassName().startsWith("org.camunda.bpm.engine.rest.")) {
      input = true;
    } else {
      for (Throwable t = error; t != null; t = t.getCause()) {
        String message = String.valueOf(t.getMessage());
        if (t instanceof ProcessEngineException && INPUT_ERRORS.stream().anyMatch(message::startsWith)
            || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
          input = true;
        }
      }
    }
    if (input) {
      log.warn("/engine-rest refused input it could not convert", error);
    }
    return input;
  }

  /** Camunda's message: its first line, without Java package names. */
  private static String messageOf(Throwable error) {
    String message = error.getMessage();
    if (error instanceof JsonProcessingException json) {
      message = json.getOriginalMessage();
    }
    if (error instanceof NullPointerException) {
      return "a required part of the request is missing";
    }
    if (message == null || message.isBlank()) {
      return "request refused";
    }
    return JAVA_PACKAGE.matcher(message.lines().findFirst().orElse(message)).replaceAll("");
  }

  /** The mappers, one per exception type that Camunda maps, so that each wins over Camunda's by priority. */
  static final class OfRestException implements ExceptionMapper<RestException> {
    private final ObjectMapper json;

    OfRestException(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public Response toResponse(RestException error) {
      return EngineRestProblems.toResponse(error, json);
    }
  }

  static final class OfEngineException implements ExceptionMapper<ProcessEngineException> {
    private final ObjectMapper json;

    OfEngineException(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public Response toResponse(ProcessEngineException error) {
      return EngineRestProblems.toResponse(error, json);
    }
  }

  static final class OfJsonMapping implements ExceptionMapper<JsonMappingException> {
    private final ObjectMapper json;

    OfJsonMapping(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public Response toResponse(JsonMappingException error) {
      return EngineRestProblems.toResponse(error, json);
    }
  }

  static final class OfJsonParse implements ExceptionMapper<JsonParseException> {
    private final ObjectMapper json;

    OfJsonParse(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public Response toResponse(JsonParseException error) {
      return EngineRestProblems.toResponse(error, json);
    }
  }

  static final class OfAnything implements ExceptionMapper<Throwable> {
    private final ObjectMapper json;

    OfAnything(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public Response toResponse(Throwable error) {
      return EngineRestProblems.toResponse(error, json);
    }
  }
}
