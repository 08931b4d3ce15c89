package org.bihuan.security;

import java.util.List;
import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService.CatalogImported;
import org.bihuan.identity.Groups;
import org.bihuan.loop.ProblemProcess;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Camunda authorizations that follow the catalogue (Camunda's authorization checks are on):
 * <ul>
 *   <li>everyone may open Tasklist and read the shared filters;
 *   <li>a unit's staff may start the loop (file a problem) — tasks become visible to a group only
 *       when it is a candidate (Camunda grants that per task), process instances only when Bihuan
 *       grants it per instance ({@link ProblemProcess#grantRead});
 *   <li>the leading group and auditors read every process instance, task, decision and history in
 *       Tasklist and Cockpit; auditors get no write permission at all.
 * </ul>
 * Kafka events act as {@code kafka:<unit>} with their unit's group and the technical {@link
 * Groups#EVENT_GATEWAY} group, which may deliver messages to the loop's instances after Bihuan has
 * checked that the unit is responsible. Operators are Camunda's admin group.
 */
@Component
class EngineAuthorizations {

  private final AuthorizationService authorizations;

  EngineAuthorizations(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  @EventListener
  @Order(3)
  void onCatalogImported(CatalogImported catalog) {
    global(Resources.FILTER, "*", Permissions.READ);
    for (String reader : List.of(Groups.LEADING_GROUP, Groups.AUDITORS)) {
      grant(reader, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(reader, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
      grant(reader, Resources.PROCESS_DEFINITION, "*", Permissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_TASK);
      grant(reader, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
      grant(reader, Resources.HISTORIC_PROCESS_INSTANCE, "*", HistoricProcessInstancePermissions.READ);
      grant(reader, Resources.HISTORIC_TASK, "*", HistoricTaskPermissions.READ);
      grant(reader, Resources.TASK, "*", Permissions.READ);
      grant(reader, Resources.DECISION_DEFINITION, "*", Permissions.READ, Permissions.READ_HISTORY);
      grant(reader, Resources.DEPLOYMENT, "*", Permissions.READ);
    }
    grant(Groups.EVENT_GATEWAY, Resources.PROCESS_DEFINITION, ProblemProcess.PROCESS_KEY,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
    for (Action action : catalog.actions()) {
      for (String group : List.of(Groups.workingGroup(action.number()), Groups.taskForce(action.number()))) {
        grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(group, Resources.PROCESS_DEFINITION, ProblemProcess.PROCESS_KEY, Permissions.READ);
        grant(group, Resources.PROCESS_DEFINITION, ProblemProcess.POLICY_PROCESS_KEY, Permissions.READ);
      }
    }
    for (Unit unit : catalog.units()) {
      String group = unit.groupId();
      grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(group, Resources.PROCESS_DEFINITION, ProblemProcess.PROCESS_KEY, Permissions.READ,
          ProcessDefinitionPermissions.CREATE_INSTANCE);
      grant(group, Resources.PROCESS_DEFINITION, ProblemProcess.POLICY_PROCESS_KEY, Permissions.READ);
      grant(group, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
    }
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    boolean exists =
        authorizations.createAuthorizationQuery()
                .groupIdIn(groupId)
                .resourceType(resource)
                .resourceId(resourceId)
                .count() > 0;
    if (exists) {
      return;
    }
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }

  private void global(Resource resource, String resourceId, Permission permission) {
    if (authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GLOBAL)
            .resourceType(resource).resourceId(resourceId).count() > 0) {
      return;
    }
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
    authorization.setUserId(Authorization.ANY);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    authorizations.saveAuthorization(authorization);
  }
}
