package org.bihuan.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bihuan.identity.Groups;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes back a unit's read access to a problem's engine instance when the unit no longer has a
 * part in the problem (dropped at re-analysis): the per-instance grants Bihuan made and the
 * per-task history grants Camunda made when the unit was a candidate and its staff the assignee. The same rule as {@code
 * /api} (docs/security.md, "One visibility rule"). Runs inside the delegate's engine command.
 */
@Component
public class InstanceReaders {

  private static final Logger log = LoggerFactory.getLogger(InstanceReaders.class);

  private final AuthorizationService authorizations;
  private final HistoryService history;
  private final IdentityService identity;

  InstanceReaders(AuthorizationService authorizations, HistoryService history, IdentityService identity) {
    this.authorizations = authorizations;
    this.history = history;
    this.identity = identity;
  }

  /**
   * Revokes every unit group's read grants on the instance and its tasks except those of {@code
   * keep} (group ids); returns the groups revoked. Groups other than units' are left alone: working
   * groups, task forces, the leading group and auditors see by action or see everything.
   */
  public Set<String> keepOnlyUnits(String processInstanceId, Set<String> keep) {
    List<String> resources = new ArrayList<>();
    resources.add(processInstanceId);
    for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId).list()) {
      resources.add(task.getId());
    }
    Set<String> revoked = new HashSet<>();
    for (String resource : resources) {
      for (Authorization grant : authorizations.createAuthorizationQuery().resourceId(resource).list()) {
        boolean readGrant = grant.getResourceType() == Resources.PROCESS_INSTANCE.resourceType()
            || grant.getResourceType() == Resources.HISTORIC_PROCESS_INSTANCE.resourceType()
            || grant.getResourceType() == Resources.HISTORIC_TASK.resourceType();
        if (!readGrant) {
          continue;
        }
        String group = grant.getGroupId();
        if (group != null && Groups.unitCodeOf(group) != null && !keep.contains(group)) {
          authorizations.deleteAuthorization(grant.getId());
          revoked.add(group);
        } else if (grant.getUserId() != null && onlyStaffOfOtherUnits(grant.getUserId(), keep)) {
          // Camunda grants a task's assignee history READ as a user: a dropped unit's staff
          authorizations.deleteAuthorization(grant.getId());
          revoked.add(grant.getUserId());
        }
      }
    }
    if (!revoked.isEmpty()) {
      log.info("read access to process instance {} revoked for {}: no longer part of the problem", processInstanceId, revoked);
    }
    return revoked;
  }

  /** The user is staff of some unit, of none of {@code keep}, and has no other role. */
  private boolean onlyStaffOfOtherUnits(String userId, Set<String> keep) {
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(g -> g.getId()).toList();
    boolean staff = groups.stream().anyMatch(g -> Groups.unitCodeOf(g) != null);
    boolean otherRole = groups.stream().anyMatch(g -> Groups.unitCodeOf(g) == null
        && !g.equals(Groups.DEMO_USERS) && !g.equals(Groups.METRICS));
    return staff && !otherRole && groups.stream().noneMatch(keep::contains);
  }
}
