package org.bihuan.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The variables a form may submit: the field keys of the Camunda Form (bpmn/forms/*.form) of a
 * task or of a process's start event, resolved through the engine ({@code formRef} → the deployed
 * form), or the fields of a generated form. Cached per process definition and activity: a deployed
 * definition's forms never change (a new deployment is a new definition).
 */
@Component
class FormFields {

  /** What a submission is checked against: the form's name (for messages) and its field keys. */
  record Form(String name, Set<String> fields) {}

  private static final Form NO_FORM = new Form("-", Set.of());

  private final ProcessEngineConfigurationImpl engine;
  private final TaskService tasks;
  private final FormService forms;
  private final RepositoryService repository;
  private final ObjectMapper json;
  private final ConcurrentMap<String, Form> cache = new ConcurrentHashMap<>();

  FormFields(ProcessEngineConfigurationImpl engine, ObjectMapper json) {
    this.engine = engine;
    this.tasks = engine.getTaskService();
    this.forms = engine.getFormService();
    this.repository = engine.getRepositoryService();
    this.json = json;
  }

  /** The form of an open task; null when there is no such task (Camunda answers that itself). */
  Form ofTask(String taskId) {
    return privileged(() -> {
      Task task = tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
      if (task == null) {
        return null;
      }
      if (task.getProcessDefinitionId() == null) {
        return NO_FORM; // a standalone task: Bihuan's processes have none, nothing to submit
      }
      return cache.computeIfAbsent(task.getProcessDefinitionId() + "|" + task.getTaskDefinitionKey(), k -> {
        if (task.getCamundaFormRef() != null) {
          return parse(task.getCamundaFormRef().getKey(), forms.getDeployedTaskForm(taskId));
        }
        return generated(task.getTaskDefinitionKey(), forms.getTaskFormData(taskId).getFormFields());
      });
    });
  }

  /**
   * The start form of a process definition named by the REST path: by id, or by key (latest
   * version, optionally of a tenant); null when there is no such definition.
   */
  Form ofStartEvent(String definitionId, String definitionKey, String tenantId) {
    return privileged(() -> {
      ProcessDefinition definition;
      if (definitionId != null) {
        definition = repository.createProcessDefinitionQuery().processDefinitionId(definitionId).singleResult();
      } else {
        ProcessDefinitionQuery query = repository.createProcessDefinitionQuery().processDefinitionKey(definitionKey)
            .latestVersion();
        definition = (tenantId == null ? query.withoutTenantId() : query.tenantIdIn(tenantId)).singleResult();
      }
      if (definition == null) {
        return null;
      }
      return cache.computeIfAbsent(definition.getId() + "|start", k -> {
        var data = forms.getStartFormData(definition.getId());
        if (data.getCamundaFormRef() != null) {
          return parse(data.getCamundaFormRef().getKey(), forms.getDeployedStartForm(definition.getId()));
        }
        return generated(definition.getKey(), data.getFormFields());
      });
    });
  }

  /** Camunda Forms (form-js): every component with a {@code key}, at any depth (groups). */
  private Form parse(String name, InputStream form) {
    try (form) {
      Set<String> keys = new TreeSet<>();
      collect(json.readTree(form), keys);
      return new Form(name, Set.copyOf(keys));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the deployed form " + name, e);
    }
  }

  private static void collect(JsonNode node, Set<String> keys) {
    for (JsonNode component : node.path("components")) {
      if (component.hasNonNull("key")) {
        keys.add(component.get("key").asText());
      }
      collect(component, keys);
    }
  }

  private static Form generated(String name, java.util.List<FormField> fields) {
    return new Form(name, fields == null ? Set.of() : Set.copyOf(fields.stream().map(FormField::getId).toList()));
  }

  /** Looks up without the caller's authorizations: the guard decides, Camunda still checks the call. */
  private <T> T privileged(Supplier<T> lookup) {
    return privileged(engine, lookup);
  }

  static <T> T privileged(ProcessEngineConfigurationImpl engine, Supplier<T> lookup) {
    return engine.getCommandExecutorTxRequired().execute(context -> {
      boolean checking = context.isAuthorizationCheckEnabled();
      context.disableAuthorizationCheck();
      try {
        return lookup.get();
      } finally {
        if (checking) {
          context.enableAuthorizationCheck();
        }
      }
    });
  }
}
