package org.bihuan.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Logs and counts every refused request (401, 403) on every channel — Bihuan's API, Camunda's
 * REST API, the webapps' API — as {@code bihuan.security.denied{channel,status}}. It sits in front
 * of everything so it sees refusals by Spring Security and by Camunda alike.
 */
@Configuration(proxyBeanMethods = false)
class DeniedRequests {

  private static final Logger log = LoggerFactory.getLogger("bihuan.security.denied");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> deniedRequestsFilter(MeterRegistry meters) {
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        try {
          chain.doFilter(request, response);
        } finally {
          int status = response.getStatus();
          if (status == 401 || status == 403) {
            String channel = channel(request.getRequestURI());
            String user = request.getRemoteUser();
            log.warn("denied {} {} {} user={} from={}", status, request.getMethod(), request.getRequestURI(),
                user == null ? "-" : user, request.getRemoteAddr());
            meters.counter("bihuan.security.denied", "channel", channel, "status", String.valueOf(status)).increment();
          }
        }
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }

  static String channel(String uri) {
    if (uri.startsWith("/api/")) {
      return "api";
    }
    if (uri.startsWith("/engine-rest")) {
      return "engine-rest";
    }
    if (uri.startsWith("/camunda/")) {
      return "webapp";
    }
    return "other";
  }
}
