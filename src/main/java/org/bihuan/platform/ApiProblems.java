package org.bihuan.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 9457 problem details, the one error format of Bihuan's API. Messages give Chinese first,
 * then English: {@code 未找到问题 BH-2026-000001 / problem BH-2026-000001 not found}.
 */
public final class ApiProblems {

  private static final String TYPE_BASE = "https://bihuan.org/problems/";

  private ApiProblems() {}

  public static ErrorResponseException notFound(String type, String chinese, String english) {
    return problem(HttpStatus.NOT_FOUND, type, "未找到 / Not found", chinese, english);
  }

  public static ErrorResponseException unprocessable(String type, String chinese, String english) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, type, "无法处理 / Unprocessable", chinese, english);
  }

  public static ErrorResponseException conflict(String type, String chinese, String english) {
    return problem(HttpStatus.CONFLICT, type, "冲突 / Conflict", chinese, english);
  }

  public static ProblemDetail detail(HttpStatus status, String type, String title, String chinese, String english) {
    ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, chinese + " / " + english);
    detail.setType(URI.create(TYPE_BASE + type));
    detail.setTitle(title);
    return detail;
  }

  /** Writes a problem detail as the response, for filters that answer before Spring MVC. */
  public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail detail) throws IOException {
    response.setStatus(detail.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), detail);
  }

  private static ErrorResponseException problem(
      HttpStatus status, String type, String title, String chinese, String english) {
    return new ErrorResponseException(status, detail(status, type, title, chinese, english), null);
  }
}
