package org.bihuan.platform;

import java.io.IOException;

/** A request body grew past the configured limit while being read (answered with 413). */
public class RequestTooLargeException extends IOException {

  public RequestTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
