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

  static final String TYPE_BASE = "https://bihuan.org/problems/";

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

  /** A Chinese and English title for an HTTP status, for answers that have no more specific one. */
  static String title(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "请求无效 / Bad request";
      case FORBIDDEN -> "无权访问 / Forbidden";
      case NOT_FOUND -> "未找到 / Not found";
      case METHOD_NOT_ALLOWED -> "不支持的请求方法 / Method not allowed";
      case NOT_ACCEPTABLE -> "无法提供所需格式 / Not acceptable";
      case UNSUPPORTED_MEDIA_TYPE -> "不支持的内容类型 / Unsupported media type";
      case CONFLICT -> "冲突 / Conflict";
      case PAYLOAD_TOO_LARGE -> "请求过大 / Request too large";
      default -> "请求被拒绝 / " + status.getReasonPhrase();
    };
  }

  /** What an HTTP status means for the user, in Chinese; the English detail says more. */
  static String chinese(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "引擎拒绝了此请求";
      case FORBIDDEN -> "无权执行此操作";
      case NOT_FOUND -> "未找到请求的对象";
      case METHOD_NOT_ALLOWED -> "此地址不支持该请求方法";
      case NOT_ACCEPTABLE -> "无法以所需格式回答";
      case UNSUPPORTED_MEDIA_TYPE -> "不支持该内容类型";
      case CONFLICT -> "数据已被他人修改，请刷新后重试";
      case PAYLOAD_TOO_LARGE -> "请求过大";
      default -> "请求被拒绝";
    };
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
