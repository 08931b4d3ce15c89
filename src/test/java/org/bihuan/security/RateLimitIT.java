package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One user cannot take the application for themselves: a burst over the user's limit answers 429 with
 * {@code Retry-After} and problem details on both APIs, while another user is still served and health
 * probes stay open. The tests' configuration gives user {@code rate-probe} a bucket of 5 requests
 * refilled at 1 per second (application-test.yaml); everyone else has limits no test reaches.
 */
@BihuanTest
class RateLimitIT {

  static final String PROBE = "rate-probe";

  @LocalServerPort int port;
  @Autowired IdentityService identity;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void probeUser() {
    if (identity.createUserQuery().userId(PROBE).count() == 0) {
      User user = identity.newUser(PROBE);
      user.setFirstName("Rate");
      user.setLastName("Probe");
      user.setPassword("demo");
      identity.saveUser(user);
    }
  }

  @Test
  void aBurstFromOneUserIs429WithRetryAfterWhileAnotherUserIsServed() throws Exception {
    List<HttpResponse<String>> burst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      burst.add(get(PROBE, "/api/catalog/actions"));
    }

    assertThat(burst.get(0).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = burst.stream().filter(r -> r.statusCode() == 429).findFirst()
        .orElseThrow(() -> new AssertionError("no 429 in " + burst.stream().map(HttpResponse::statusCode).toList()));
    assertThat(burst.stream().filter(r -> r.statusCode() == 200).count()).isLessThanOrEqualTo(10);
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(refused.body()).contains("请求过于频繁").contains("too many requests").contains("\"status\":429");

    // the same user's bucket on Camunda's REST API; a token may have been refilled meanwhile
    List<HttpResponse<String>> engine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      engine.add(get(PROBE, "/engine-rest/task?maxResults=1"));
    }
    assertThat(engine).anySatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    });

    assertThat(get("wg01", "/api/catalog/actions").statusCode()).isEqualTo(200);
    assertThat(get("wg01", "/engine-rest/task?maxResults=1").statusCode()).isEqualTo(200);
    assertThat(get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (user != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
