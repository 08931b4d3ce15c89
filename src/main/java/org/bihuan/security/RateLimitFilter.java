package org.bihuan.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.bihuan.platform.ApiProblems;
import org.bihuan.security.RateLimitProperties.Limit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the request rate of each user and each client address on {@code /api} and {@code /engine-rest}
 * (Bucket4j token buckets, in memory per node): over the limit the answer is 429 with
 * {@code Retry-After} and problem details, before any database work. It runs in the API's security
 * chain right after authentication, so a user is known; a refused login never reaches it (Camunda's
 * login throttling covers that), anonymous calls count against their address. Actuator, health probes
 * included, is not limited.
 */
final class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimitProperties limits;
  private final ObjectMapper json;
  private final Cache<String, Bucket> buckets;

  RateLimitFilter(RateLimitProperties limits, ObjectMapper json) {
    this.limits = limits;
    this.json = json;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(limits.maxTrackedClients())
        // a bucket untouched this long has refilled completely: dropping it forgets nothing
        .expireAfterAccess(Duration.ofMinutes(10))
        .build();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !limits.enabled() || !(path.startsWith("/api/") || path.startsWith("/engine-rest/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String user = userOf(SecurityContextHolder.getContext().getAuthentication());
    ConsumptionProbe probe = null;
    if (user != null) {
      probe = take("user:" + user, limits.userLimit(user));
    }
    if (probe == null || probe.isConsumed()) {
      probe = take("address:" + request.getRemoteAddr(), limits.addressLimit());
    }
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
      ProblemDetail detail = ApiProblems.detail(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
          "请求过于频繁 / Too many requests", "请求过于频繁，请 " + seconds + " 秒后重试",
          "too many requests; retry after " + seconds + " s");
      detail.setProperty("retryAfterSeconds", seconds);
      ApiProblems.write(response, json, detail);
      return;
    }
    chain.doFilter(request, response);
  }

  private ConsumptionProbe take(String key, Limit limit) {
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(limit.capacity())
            .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)).build())
        .build());
    return bucket.tryConsumeAndReturnRemaining(1);
  }

  private static String userOf(Authentication authentication) {
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return null;
    }
    return authentication.getName();
  }
}
