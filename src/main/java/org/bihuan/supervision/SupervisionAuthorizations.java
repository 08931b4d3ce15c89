package org.bihuan.supervision;

import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.CatalogService.CatalogImported;
import org.bihuan.identity.Groups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Camunda authorizations for supervision: each working group (wg-NN) may read the supervision
 * process definition, so that Tasklist shows its 督办单 with their form; the tasks themselves are
 * granted per candidate group by Camunda, each instance by {@code ProblemProcess.grantRead} when it
 * starts. The leading group and auditors read every definition already (EngineAuthorizations).
 */
@Component
class SupervisionAuthorizations {

  private final AuthorizationService authorizations;

  SupervisionAuthorizations(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  @EventListener
  @Order(4)
  void onCatalogImported(CatalogImported catalog) {
    for (Action action : catalog.actions()) {
      String group = Groups.workingGroup(action.number());
      boolean granted = authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(Resources.PROCESS_DEFINITION)
          .resourceId(TaskSupervision.PROCESS_KEY).count() > 0;
      if (!granted) {
        Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        read.setGroupId(group);
        read.setResource(Resources.PROCESS_DEFINITION);
        read.setResourceId(TaskSupervision.PROCESS_KEY);
        read.addPermission(Permissions.READ);
        authorizations.saveAuthorization(read);
      }
    }
  }
}
