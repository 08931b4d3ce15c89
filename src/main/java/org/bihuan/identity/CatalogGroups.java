package org.bihuan.identity;

import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService.CatalogImported;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Keeps Camunda's groups in step with the catalogue: the leading group, auditors, one working group
 * and one task force per action, one group per unit. Runs inside the import's transaction.
 */
@Component
class CatalogGroups {

  private final IdentityService identity;

  CatalogGroups(IdentityService identity) {
    this.identity = identity;
  }

  @EventListener
  @Order(1)
  void onCatalogImported(CatalogImported catalog) {
    save(Groups.LEADING_GROUP, "领导小组");
    save(Groups.AUDITORS, "督查审计组");
    save(Groups.EVENT_GATEWAY, "部门系统事件（技术组）");
    save(Groups.METRICS, "监控指标采集（技术组）");
    for (Action action : catalog.actions()) {
      save(Groups.workingGroup(action.number()), shortTitle(action) + "专项工作组");
      save(Groups.taskForce(action.number()), shortTitle(action) + "工作专班");
    }
    for (Unit unit : catalog.units()) {
      save(unit.groupId(), unit.name());
    }
  }

  private void save(String id, String name) {
    Group group = identity.createGroupQuery().groupId(id).singleResult();
    if (group == null) {
      group = identity.newGroup(id);
    } else if (name.equals(group.getName())) {
      return;
    }
    group.setName(name);
    group.setType("WORKFLOW");
    identity.saveGroup(group);
  }

  /** "全力推进提升主城都市区极核引领行动" → "（一）提升主城都市区极核引领" style short names. */
  private static String shortTitle(Action action) {
    String title = action.title().replaceFirst("^全力推进", "").replaceFirst("行动$", "");
    return "第" + action.number() + "专项·" + title;
  }
}
