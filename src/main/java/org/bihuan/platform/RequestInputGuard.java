package org.bihuan.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, on {@code /api} and {@code /engine-rest}, input that would otherwise fail deep inside the
 * application with 500: the NUL character in the query string or in a JSON or text body (PostgreSQL
 * text cannot hold U+0000; 400), and a body whose {@code Content-Type} is not one concrete media type
 * such as {@code *}{@code /*} (415). Bodies are checked while they are read, not buffered: a raw zero
 * byte, or a JSON {@code \u0000} escape outside an escaped backslash, ends the read with
 * {@link NulCharacterException}, which both APIs answer with 400. JSON must be UTF-8 (RFC 8259), so a
 * zero byte is never part of a valid body.
 */
@Configuration(proxyBeanMethods = false)
class RequestInputGuard {

  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestInputGuardFilter(ObjectMapper json) {
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (hasNul(request.getQueryString()) || hasNul(request.getRequestURI())) {
          ApiProblems.write(response, json, NulCharacterException.problem());
          return;
        }
        HttpServletRequest checked = request;
        if (WITH_BODY.contains(request.getMethod()) && request.getContentType() != null) {
          MediaType type = concrete(request.getContentType());
          if (type == null) {
            ApiProblems.write(response, json, ApiProblems.detail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "不支持的内容类型 / Unsupported media type",
                "Content-Type 须为一个具体的类型，如 application/json", "Content-Type must be one concrete media type such as application/json"));
            return;
          }
          if (isText(type)) {
            checked = new NulChecked(request);
          }
        }
        try {
          chain.doFilter(checked, response);
        } catch (IOException | ServletException | RuntimeException e) {
          if (!causedByNul(e) || response.isCommitted()) {
            throw e;
          }
          response.reset();
          ApiProblems.write(response, json, NulCharacterException.problem());
        }
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    // before EngineApiGuard, which reads submission bodies itself
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.addUrlPatterns("/api/*", "/engine-rest/*");
    return registration;
  }

  /** {@code %00} in the raw query string or path; the container refuses a raw NUL itself. */
  private static boolean hasNul(String raw) {
    return raw != null && raw.contains("%00");
  }

  private static MediaType concrete(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isConcrete() ? type : null;
    } catch (InvalidMediaTypeException e) {
      return null;
    }
  }

  private static boolean isText(MediaType type) {
    return "text".equals(type.getType()) || "json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json");
  }

  static boolean causedByNul(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NulCharacterException) {
        return true;
      }
    }
    return false;
  }

  /** A request whose body stream fails at the first NUL character, raw or as a JSON escape. */
  private static final class NulChecked extends HttpServletRequestWrapper {

    private ServletInputStream stream;

    NulChecked(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new NulDetectingStream(super.getInputStream());
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  /**
   * Scans bytes as they pass: a zero byte, or {@code \u0000} after an odd number of backslashes (an
   * even number is an escaped backslash followed by the letters u0000). The state survives buffer
   * boundaries.
   */
  static final class NulDetectingStream extends ServletInputStream {

    private final ServletInputStream in;
    private int backslashes;
    /** -1: not in an escape; 0..3: zeros seen after an unescaped backslash-u. */
    private int zeros = -1;

    NulDetectingStream(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        scan(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      for (int i = 0; i < n; i++) {
        scan(buffer[offset + i] & 0xff);
      }
      return n;
    }

    void scan(int b) throws NulCharacterException {
      if (b == 0) {
        throw new NulCharacterException();
      }
      if (zeros >= 0) {
        if (b == '0') {
          zeros++;
          if (zeros == 4) {
            throw new NulCharacterException();
          }
          return;
        }
        zeros = -1;
      }
      if (b == '\\') {
        backslashes++;
        return;
      }
      if (b == 'u' && backslashes % 2 == 1) {
        zeros = 0;
      }
      backslashes = 0;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
