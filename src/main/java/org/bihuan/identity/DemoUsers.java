package org.bihuan.identity;

import org.bihuan.catalog.Catalog.Action;
import org.bihuan.catalog.Catalog.Unit;
import org.bihuan.catalog.CatalogService.CatalogImported;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo users for every role (demo profile only): {@code leader} (领导小组), {@code auditor}
 * (督查审计), {@code wg01}… (working-group managers), {@code tf01}… (task-force members) and one
 * staff user per unit whose id is the unit code (e.g. {@code qfgw} for 区发改委).
 */
@Component
@ConditionalOnProperty(name = "bihuan.demo.users-enabled", havingValue = "true")
class DemoUsers {

  private final IdentityService identity;
  private final DemoProperties properties;

  DemoUsers(IdentityService identity, DemoProperties properties) {
    this.identity = identity;
    this.properties = properties;
  }

  @EventListener
  @Order(2)
  void onCatalogImported(CatalogImported catalog) {
    if (identity.createGroupQuery().groupId(Groups.DEMO_USERS).count() == 0) {
      var marker = identity.newGroup(Groups.DEMO_USERS);
      marker.setName("演示用户（生产环境不得存在）");
      marker.setType("SYSTEM");
      identity.saveGroup(marker);
    }
    user("leader", "领导小组", "成员", Groups.LEADING_GROUP);
    user("auditor", "督查审计", "专员", Groups.AUDITORS);
    for (Action action : catalog.actions()) {
      user("wg%02d".formatted(action.number()), "第" + action.number() + "专项工作组", "负责人",
          Groups.workingGroup(action.number()));
      user("tf%02d".formatted(action.number()), "第" + action.number() + "工作专班", "成员",
          Groups.taskForce(action.number()));
    }
    for (Unit unit : catalog.units()) {
      user(unit.code(), unit.name(), "工作人员", unit.groupId());
    }
  }

  private void user(String id, String firstName, String lastName, String groupId) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      user.setPassword(properties.password());
      user.setEmail(id + "@demo.bihuan.local");
      identity.saveUser(user);
    }
    for (String group : java.util.List.of(groupId, Groups.DEMO_USERS)) {
      if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
        identity.createMembership(id, group);
      }
    }
  }
}
