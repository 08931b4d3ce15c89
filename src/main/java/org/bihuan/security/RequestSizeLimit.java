package org.bihuan.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.bihuan.platform.ApiProblems;
import org.bihuan.platform.RequestTooLargeException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code bihuan.security.max-request-bytes} on the APIs with 413
 * problem details: at once when the declared length is too large, and while reading when a
 * chunked body grows past the limit ({@link RequestTooLargeException}). Servlet containers have no
 * such limit for non-form bodies, hence this small filter.
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeLimit {

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestSizeLimitFilter(SecurityProperties properties, ObjectMapper json) {
    long limit = properties.maxRequestBytes();
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
          tooLarge(response, json, limit);
          return;
        }
        try {
          chain.doFilter(new Bounded(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
          // IOException too: EngineApiGuard reads submission bodies itself, and a chunked body over the
          // limit ends that read with RequestTooLargeException before Camunda's REST layer sees it
          if (!causedByTooLarge(e) || response.isCommitted()) {
            throw e;
          }
          response.reset();
          tooLarge(response, json, limit);
        }
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.addUrlPatterns("/api/*", "/engine-rest/*");
    return registration;
  }

  static boolean causedByTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestTooLargeException) {
        return true;
      }
    }
    return false;
  }

  static void tooLarge(HttpServletResponse response, ObjectMapper json, long limit) throws IOException {
    ApiProblems.write(response, json, ApiProblems.detail(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
        "请求过大 / Request too large", "请求体不得超过 " + limit + " 字节", "the body must be at most " + limit + " bytes"));
  }

  /** A request whose body stream fails once more than {@code limit} bytes were read. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream = new ServletInputStream() {
          private long read;

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
              count(1);
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
              count(n);
            }
            return n;
          }

          private void count(int n) throws RequestTooLargeException {
            read += n;
            if (read > limit) {
              throw new RequestTooLargeException(limit);
            }
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
        };
      }
      return stream;
    }
  }
}
