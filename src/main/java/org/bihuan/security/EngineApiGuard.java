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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.bihuan.platform.ApiProblems;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes what Camunda's authorizations leave open, on both {@code /engine-rest} and the API the
 * webapps use ({@code /camunda/api/engine}):
 * <ul>
 *   <li>starting the loop with start instructions, restarts, BPMN errors and escalations thrown from
 *       outside, conditional starts, deleting tasks — refused (only the start form's {@code
 *       submit-form} starts the loop; tasks end through their forms);
 *   <li>submissions (task {@code complete}/{@code submit-form}/{@code resolve}, start-form {@code
 *       submit-form}) may carry only the fields of the form being submitted ({@link FormFields}):
 *       routing, responsibility and everything else the process maintains cannot be planted;
 *   <li>process migration is for operators and needs a migration plan;
 *   <li>comments and attachments follow the task ({@link TaskRights}); every deletion is logged.
 * </ul>
 * It runs after authentication: anonymous calls are refused by Spring Security ({@code
 * /engine-rest}) or Camunda's webapp API itself before their bodies are read.
 */
@Configuration(proxyBeanMethods = false)
class EngineApiGuard {

  private static final Logger audit = LoggerFactory.getLogger("bihuan.security.audit");

  /** {@code /engine-rest}, {@code /engine-rest/engine/<name>} and the webapps' engine API. */
  private static final String ROOT = "(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)";

  private static final Pattern TASK_SUBMISSION = Pattern.compile(ROOT + "/task/([^/]+)/(?:complete|submit-form|resolve)");
  private static final Pattern START_SUBMISSION = Pattern.compile(
      ROOT + "/process-definition/(?:key/([^/]+)(?:/tenant-id/([^/]+))?|([^/]+))/submit-form");
  /** Starts that bypass the start event, errors/escalations thrown from outside, conditional starts. */
  private static final Pattern REFUSED_POST = Pattern.compile(
      ROOT + "/(?:process-definition/.+/(?:start|restart)|task/[^/]+/(?:bpmnError|bpmnEscalation)|condition)");
  private static final Pattern TASK = Pattern.compile(ROOT + "/task/([^/]+)");
  private static final Pattern MIGRATION = Pattern.compile(ROOT + "/migration/(?:execute|executeAsync)");
  private static final Pattern TASK_NOTES = Pattern.compile(ROOT + "/task/([^/]+)/(comment|attachment)(?:/([^/]+)(?:/data)?)?");
  private static final Pattern TASK_NOTE_CREATE = Pattern.compile(ROOT + "/task/([^/]+)/(comment|attachment)/create");
  private static final Pattern COMMENT_UPDATE = Pattern.compile(ROOT + "/(?:task|process-instance)/comment");
  private static final Pattern INSTANCE_COMMENTS = Pattern.compile(ROOT + "/process-instance/[^/]+/comment(?:/[^/]+)?");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> engineApiGuardFilter(ObjectMapper json, SecurityProperties properties,
      FormFields forms, TaskRights rights) {
    int maxBody = (int) Math.min(Integer.MAX_VALUE - 1, properties.maxRequestBytes());
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = normalised(request);
        Actor actor = actorOf(request, path);
        if (actor == null) {
          chain.doFilter(request, response); // Spring Security or Camunda's webapp API answers 401
          return;
        }
        String method = request.getMethod();
        Matcher m;
        if ("POST".equals(method) && REFUSED_POST.matcher(path).matches()
            || "DELETE".equals(method) && TASK.matcher(path).matches()) {
          refuse(response, json, HttpStatus.FORBIDDEN, "operation-refused",
              "请通过上报表单或 /api/problems 上报问题，并在任务表单中办理",
              "file problems through the start form or /api/problems and work tasks through their forms");
          return;
        }
        if ("POST".equals(method) && MIGRATION.matcher(path).matches()) {
          if (!actor.isOperator()) {
            refuse(response, json, HttpStatus.FORBIDDEN, "operation-refused", "只有运维人员可以迁移流程实例",
                "only operators migrate process instances");
            return;
          }
          byte[] body = body(request, response, json, maxBody);
          if (body == null) {
            return;
          }
          JsonNode plan = readTree(json, body).path("migrationPlan");
          if (!plan.isObject()) {
            refuse(response, json, HttpStatus.BAD_REQUEST, "migration-plan-required", "请提供迁移计划 migrationPlan",
                "a migrationPlan is required");
            return;
          }
          chain.doFilter(new Replayed(request, body), response);
          return;
        }
        if (notesAllowed(method, path, actor, request, response) == Decision.REFUSED) {
          return;
        }
        FormFields.Form form = null;
        if ("POST".equals(method) && (m = TASK_SUBMISSION.matcher(path)).matches()) {
          form = forms.ofTask(m.group(1));
        } else if ("POST".equals(method) && (m = START_SUBMISSION.matcher(path)).matches()) {
          form = forms.ofStartEvent(m.group(3), m.group(1), m.group(2));
        } else {
          chain.doFilter(request, response);
          audited(method, path, actor, response);
          return;
        }
        byte[] body = body(request, response, json, maxBody);
        if (body == null) {
          return;
        }
        JsonNode variables = readTree(json, body).path("variables");
        if (form != null && variables.isObject()) {
          for (Iterator<String> names = variables.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!form.fields().contains(name)) {
              refuse(response, json, HttpStatus.BAD_REQUEST, "variable-not-in-form",
                  "变量 " + name + " 不是表单 " + form.name() + " 的字段，不能提交",
                  "variable " + name + " is not a field of form " + form.name() + " and cannot be submitted");
              return;
            }
          }
        }
        chain.doFilter(new Replayed(request, body), response);
      }

      /** Comments and attachments of a task: see {@link TaskRights}. */
      private Decision notesAllowed(String method, String path, Actor actor, HttpServletRequest request,
          HttpServletResponse response) throws IOException {
        if (COMMENT_UPDATE.matcher(path).matches() && "PUT".equals(method)
            || INSTANCE_COMMENTS.matcher(path).matches() && !"GET".equals(method)) {
          return actor.isOperator() ? Decision.ALLOWED : refused(response, "只有运维人员可以修改或删除流程实例和任务的评论",
              "only operators edit or delete comments of process instances and tasks");
        }
        Matcher create = TASK_NOTE_CREATE.matcher(path);
        if ("POST".equals(method) && create.matches()) {
          return rights.canWork(actor, create.group(1)) ? Decision.ALLOWED
              : refused(response, "只有任务的办理人或候选人可以添加评论和附件",
                  "only the task's assignee or candidates add comments and attachments");
        }
        Matcher notes = TASK_NOTES.matcher(path);
        if (!notes.matches()) {
          return Decision.ALLOWED;
        }
        String taskId = notes.group(1);
        if ("GET".equals(method)) {
          if (rights.canRead(actor, taskId)) {
            return Decision.ALLOWED;
          }
          ApiProblems.write(response, json, ApiProblems.detail(HttpStatus.NOT_FOUND, "task-not-found",
              "未找到 / Not found", "未找到任务 " + taskId, "task " + taskId + " not found"));
          return Decision.REFUSED;
        }
        if ("DELETE".equals(method)) {
          boolean own = "comment".equals(notes.group(2)) && notes.group(3) != null
              && rights.wrote(actor, taskId, notes.group(3)) && rights.canWork(actor, taskId);
          return actor.isOperator() || own ? Decision.ALLOWED
              : refused(response, "只能删除自己的评论；删除他人的评论或附件须由运维人员办理",
                  "only one's own comments may be deleted; others' comments and attachments are deleted by operators");
        }
        return Decision.ALLOWED;
      }

      private Decision refused(HttpServletResponse response, String chinese, String english) throws IOException {
        refuse(response, json, HttpStatus.FORBIDDEN, "forbidden", chinese, english);
        return Decision.REFUSED;
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    // right after Spring Security's filter chain (order -100), so that the caller is known
    registration.setOrder(org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    return registration;
  }

  private enum Decision { ALLOWED, REFUSED }

  /**
   * Every deletion of a comment or an attachment is logged with its actor (Camunda's user operation
   * log records it as well: {@code DeleteComment}, {@code DeleteAttachment}).
   */
  private static void audited(String method, String path, Actor actor, HttpServletResponse response) {
    Matcher notes = TASK_NOTES.matcher(path);
    boolean instanceComments = INSTANCE_COMMENTS.matcher(path).matches();
    if ("DELETE".equals(method) && (notes.matches() || instanceComments) && response.getStatus() < 300) {
      audit.info("deleted {} by {} (groups {}): DELETE {}", instanceComments ? "comment" : notes.group(2),
          actor.userId(), actor.groups(), path);
    }
  }

  /**
   * The logged-in caller: Spring Security's principal on {@code /engine-rest}, the webapp session's
   * user on {@code /camunda/api/engine}; null when anonymous.
   */
  private static Actor actorOf(HttpServletRequest request, String path) {
    if (path.startsWith("/engine-rest")) {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      if (authentication == null || !authentication.isAuthenticated()
          || authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
        return null;
      }
      return new Actor(authentication.getName(), authentication.getAuthorities().stream()
          .map(GrantedAuthority::getAuthority)
          .filter(a -> a.startsWith(CamundaIdentityAuthenticationProvider.GROUP_PREFIX))
          .map(a -> a.substring(CamundaIdentityAuthenticationProvider.GROUP_PREFIX.length()))
          .toList());
    }
    HttpSession session = request.getSession(false);
    Matcher engine = WEBAPP_ENGINE.matcher(path);
    if (session == null || !engine.lookingAt()) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null
        || !(authentications.getAuthenticationForProcessEngine(engine.group(1)) instanceof UserAuthentication user)) {
      return null;
    }
    return new Actor(user.getIdentityId(), user.getGroupIds() == null ? List.of() : user.getGroupIds());
  }

  private static final Pattern WEBAPP_ENGINE = Pattern.compile("/camunda/api/engine/engine/([^/]+)");

  /** The body, read up to the limit; null when the limit was exceeded (413 already answered). */
  private static byte[] body(HttpServletRequest request, HttpServletResponse response, ObjectMapper json, int maxBody)
      throws IOException {
    byte[] body = request.getInputStream().readNBytes(maxBody + 1);
    if (body.length > maxBody) {
      refuse(response, json, HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
          "请求体不得超过 " + maxBody + " 字节", "the body must be at most " + maxBody + " bytes");
      return null;
    }
    return body;
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

  /** The body as JSON; a missing node when it is empty or malformed (Camunda answers that itself). */
  private static JsonNode readTree(ObjectMapper json, byte[] body) {
    if (body.length == 0) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    try {
      JsonNode tree = json.readTree(body);
      return tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree;
    } catch (IOException malformed) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
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
