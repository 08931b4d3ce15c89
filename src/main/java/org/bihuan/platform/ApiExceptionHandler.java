package org.bihuan.platform;

import java.util.List;
import java.util.Map;
import org.bihuan.problem.ProblemRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of {@code /api/**} as RFC 9457 problem details, with Chinese and English messages. It
 * applies to every handler, and to requests no handler accepts (wrong method or content type, unknown
 * path): an advice limited to packages does not see those, and they got Spring Boot's error body.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ProblemRuleViolation.class)
  ProblemDetail ruleViolation(ProblemRuleViolation violation) {
    HttpStatus status = violation.type().endsWith("not-found") ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, violation.getMessage());
    detail.setType(java.net.URI.create("https://bihuan.org/problems/" + violation.type()));
    detail.setTitle(status == HttpStatus.NOT_FOUND ? "未找到 / Not found" : "无法处理 / Unprocessable");
    return detail;
  }

  /** Anything unforeseen: logged with its stack, answered without it. */
  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) throws Exception {
    if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
      throw e; // Spring Security answers these (401, 403)
    }
    log.error("unexpected error", e);
    return ApiProblems.detail(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "内部错误 / Internal error",
        "服务器内部错误，已记录", "internal error; it has been logged");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return ApiProblems.detail(
        HttpStatus.BAD_REQUEST, "invalid-parameter", "参数无效 / Invalid parameter",
        "参数 " + e.getName() + " 的值无效：" + e.getValue(),
        "parameter " + e.getName() + " has an invalid value: " + e.getValue());
  }

  /**
   * Spring's own answers (405, 415, 404 of no handler, …) carry an English detail only: the Chinese
   * meaning of the status goes in front, as in every other answer.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail detail && detail.getDetail() != null && !hasChinese(detail.getDetail())) {
      HttpStatus known = HttpStatus.resolve(status.value());
      if (known != null) {
        detail.setTitle(ApiProblems.title(known));
        detail.setDetail(ApiProblems.chinese(known) + " / " + detail.getDetail());
      }
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private static boolean hasChinese(String text) {
    return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    ProblemDetail detail =
        ApiProblems.detail(
            HttpStatus.BAD_REQUEST, "invalid-request", "请求无效 / Invalid request",
            "请求有 " + errors.size() + " 处错误", "the request has " + errors.size() + " error(s)");
    detail.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(detail);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Throwable cause = e.getMostSpecificCause();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NulCharacterException) {
        return ResponseEntity.badRequest().body(NulCharacterException.problem());
      }
      if (t instanceof RequestTooLargeException) {
        ProblemDetail tooLarge = ApiProblems.detail(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
            "请求过大 / Request too large", "请求体过大", t.getMessage());
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(tooLarge);
      }
    }
    ProblemDetail detail =
        ApiProblems.detail(
            HttpStatus.BAD_REQUEST, "unreadable-request", "请求无法解析 / Unreadable request",
            "请求体不是有效的 JSON 或含有未知字段、无效取值",
            "the body is not valid JSON or has unknown fields or invalid values: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
    return ResponseEntity.badRequest().body(detail);
  }
}
