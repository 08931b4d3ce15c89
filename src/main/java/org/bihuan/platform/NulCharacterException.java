package org.bihuan.platform;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request carried the NUL character (U+0000), which no text of Bihuan may hold: PostgreSQL cannot
 * store it in text columns, so it would otherwise fail deep inside a transaction (answered with 400).
 */
public class NulCharacterException extends IOException {

  public NulCharacterException() {
    super("the request contains the NUL character (U+0000)");
  }

  static ProblemDetail problem() {
    return ApiProblems.detail(HttpStatus.BAD_REQUEST, "invalid-character", "请求无效 / Invalid request",
        "文本和参数中不得含有空字符（U+0000）", "texts and parameters must not contain the NUL character (U+0000)");
  }
}
