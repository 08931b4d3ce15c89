package org.bihuan.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.bihuan.identity.Groups;
import org.bihuan.platform.ApiProblems;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may reach what. Bihuan's API, Camunda's REST API and Actuator take HTTP Basic (or, with the
 * documented OIDC configuration, bearer tokens) checked against Camunda's identity service; only
 * health probes are open. The webapps under {@code /camunda} keep Camunda's own login, session and
 * CSRF protection; their API refuses anonymous calls itself. Everything else is denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String OPERATOR = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + Groups.OPERATORS;
  /** Prometheus scrapers: {@code /actuator/prometheus} only. */
  static final String METRICS = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + Groups.METRICS;

  @Bean
  AuthenticationManager authenticationManager(CamundaIdentityAuthenticationProvider provider) {
    return new ProviderManager(provider);
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager authentication, IdentityService identity,
      ObjectMapper json, RateLimitProperties rateLimits) throws Exception {
    // path patterns, not MVC matchers: /engine-rest is Jersey's servlet, not Spring MVC's
    http.securityMatcher(new OrRequestMatcher(paths("/api/**", "/engine-rest/**", "/actuator/**", "/api-docs/**",
            "/swagger-ui/**", "/swagger-ui.html")))
        .authenticationManager(authentication)
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(paths("/actuator/health", "/actuator/health/**")).permitAll()
            .requestMatchers(paths("/actuator/prometheus")).hasAnyAuthority(OPERATOR, METRICS)
            .requestMatchers(paths("/actuator/**")).hasAuthority(OPERATOR)
            .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/catalog/import"))
            .hasAuthority(OPERATOR)
            .anyRequest().authenticated())
        .httpBasic(basic -> basic.realmName("bihuan").authenticationEntryPoint((request, response, e) ->
            problem(response, json, HttpStatus.UNAUTHORIZED, "unauthenticated", "请先登录",
                "authentication required", true)))
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint((request, response, e) ->
                problem(response, json, HttpStatus.UNAUTHORIZED, "unauthenticated", "请先登录", "authentication required", true))
            .accessDeniedHandler((request, response, e) ->
                problem(response, json, HttpStatus.FORBIDDEN, "forbidden", "无权访问", "access denied", false)))
        // stateless Basic/bearer clients send no cookies, so there is nothing for CSRF to protect
        .csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterAfter(new EngineRestAuthentication(identity), BasicAuthenticationFilter.class)
        .addFilterAfter(new RateLimitFilter(rateLimits, json), EngineRestAuthentication.class);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webappChain(HttpSecurity http) throws Exception {
    http.securityMatcher(AnyRequestMatcher.INSTANCE)
        .authorizeHttpRequests(requests -> requests
            // Camunda's webapps: own login page, session, CSRF filter and API authentication
            .requestMatchers(paths("/camunda/**", "/camunda-welcome/**", "/", "/error")).permitAll()
            .anyRequest().denyAll())
        // Camunda's CsrfPreventionFilter protects the webapps; two CSRF filters would fight
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
    return http.build();
  }

  private static RequestMatcher[] paths(String... patterns) {
    PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
    return java.util.Arrays.stream(patterns).map(builder::matcher).toArray(RequestMatcher[]::new);
  }

  private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type,
      String chinese, String english, boolean challenge) throws IOException {
    if (challenge) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"bihuan\"");
    }
    ApiProblems.write(response, json, ApiProblems.detail(status, type, status.getReasonPhrase(), chinese, english));
  }
}
