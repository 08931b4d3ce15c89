package org.bihuan.platform;

import java.util.List;
import java.util.Map;
import org.bihuan.problem.ProblemRuleViolation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of {@code /api/**} as RFC 9457 problem details, with Chinese and English messages. */
@RestControllerAdvice(basePackages = "org.bihuan")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  @ExceptionHandler(ProblemRuleViolation.class)
  ProblemDetail ruleViolation(ProblemRuleViolation violation) {
    HttpStatus status = violation.type().endsWith("not-found") ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, violation.getMessage());
    detail.setType(java.net.URI.create("https://bihuan.org/problems/" + violation.type()));
    detail.setTitle(status == HttpStatus.NOT_FOUND ? "未找到 / Not found" : "无法处理 / Unprocessable");
    return detail;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return ApiProblems.detail(
        HttpStatus.BAD_REQUEST, "invalid-parameter", "参数无效 / Invalid parameter",
        "参数 " + e.getName() + " 的值无效：" + e.getValue(),
        "parameter " + e.getName() + " has an invalid value: " + e.getValue());
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
            "the body is not valid JSON or has unknown fields or invalid values: " + cause.getMessage().lines().findFirst().orElse(""));
    return ResponseEntity.badRequest().body(detail);
  }
}
