package org.bihuan.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import org.bihuan.platform.ApiProblems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes what Camunda's authorizations leave open to a task's candidates, on both {@code
 * /engine-rest} and the API the webapps use: starting the loop with start instructions (only the
 * start form's {@code submit-form} is allowed), and submitting variables that routing and
 * authorization depend on ({@code workingGroup}, {@code resolvingUnits}, {@code initiator}…) — those
 * are set by the process itself, never by a form.
 */
@Configuration(proxyBeanMethods = false)
class EngineApiGuard {

  static final Set<String> PROTECTED_VARIABLES = Set.of(
      "initiator", "problemKey", "actionNumber", "taskNumber", "leadUnitGroup", "reporterGroup", "workingGroup",
      "analysisGroup", "resolvingUnits", "resolvingUnit", "resolutionDue", "policyId", "policyNumber", "approvalLevel",
      "possibleDuplicateOf", "escalatingUnit", "extensionUnit", "problemDetails", "unitOptions", "resolutionSummary");

  /** The start form names the task or action the problem belongs to; no task form does. */
  static final Set<String> START_FORM_FIELDS = Set.of("actionNumber", "taskNumber");

  private static final Pattern SUBMISSION =
      Pattern.compile(".*/(task/[^/]+/(complete|submit-form|resolve)|process-definition/.+/submit-form)");
  /** Starts that bypass the start event, and errors/escalations thrown from outside into the loop. */
  private static final Pattern REFUSED =
      Pattern.compile(".*/(process-definition/.+/(start|restart)|task/[^/]+/(bpmnError|bpmnEscalation))");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> engineApiGuardFilter(ObjectMapper json, SecurityProperties properties) {
    int maxBody = (int) Math.min(Integer.MAX_VALUE - 1, properties.maxRequestBytes());
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = normalised(request);
        if (!"POST".equals(request.getMethod())) {
          chain.doFilter(request, response);
          return;
        }
        if (REFUSED.matcher(path).matches()) {
          refuse(response, json, HttpStatus.FORBIDDEN, "operation-refused",
              "请通过上报表单或 /api/problems 上报问题，并在任务表单中办理", 
              "file problems through the start form or /api/problems and work tasks through their forms");
          return;
        }
        if (!SUBMISSION.matcher(path).matches()) {
          chain.doFilter(request, response);
          return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBody + 1);
        if (body.length > maxBody) {
          refuse(response, json, HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
              "请求体不得超过 " + maxBody + " 字节", "the body must be at most " + maxBody + " bytes");
          return;
        }
        JsonNode variables = variablesOf(json, body);
        if (variables != null && variables.isObject()) {
          for (Iterator<String> names = variables.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            boolean startFormField = path.contains("/process-definition/") && START_FORM_FIELDS.contains(name);
            if (PROTECTED_VARIABLES.contains(name) && !startFormField) {
              refuse(response, json, HttpStatus.BAD_REQUEST, "protected-variable",
                  "变量 " + name + " 由系统维护，不能提交", "variable " + name + " is maintained by the process and cannot be submitted");
              return;
            }
          }
        }
        chain.doFilter(new Replayed(request, body), response);
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    return registration;
  }

  /**
   * The path as the servlet container resolved it — decoded, without path parameters — with any
   * trailing or doubled slashes removed, because the REST layer treats {@code .../start/} like
   * {@code .../start}.
   */
  static String normalised(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.replaceAll("/{2,}", "/").replaceAll("/+$", "");
  }

  /** The submitted variables; null when the body is no JSON object (Camunda answers that itself). */
  private static JsonNode variablesOf(ObjectMapper json, byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return json.readTree(body).path("variables");
    } catch (IOException malformed) {
      return null;
    }
  }

  private static void refuse(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type,
      String chinese, String english) throws IOException {
    ApiProblems.write(response, json, ApiProblems.detail(status, type, status.getReasonPhrase(), chinese, english));
  }

  /** The request with its already-read body available again. */
  private static final class Replayed extends HttpServletRequestWrapper {

    private final byte[] body;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          // the whole body is in memory: it is all read at once
          try {
            listener.onAllDataRead();
          } catch (IOException e) {
            listener.onError(e);
          }
        }
      };
    }

    @Override
    public java.io.BufferedReader getReader() {
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
