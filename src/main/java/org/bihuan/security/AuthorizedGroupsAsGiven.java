package org.bihuan.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Keeps Camunda's authorization checks from reading the whole authorization table on every
 * command. Before each authorization check Camunda 7 narrows the user's groups to those that occur
 * in {@code ACT_RU_AUTHORIZATION} at all, with {@code SELECT distinct(GROUP_ID_) FROM
 * ACT_RU_AUTHORIZATION} once per command (camunda-bpm-platform issue 5485). Bihuan grants history
 * READ per process instance and Camunda grants it per task, so the table grows by about 13 rows a
 * problem and that query becomes the slowest part of every Tasklist, task-query or detail request
 * (214 ms at 60,000 problems, seconds at 1,000,000; docs/benchmarks.md).
 *
 * <p>The narrowing only shortens the {@code GROUP_ID_ IN (…)} lists of the checks; a group without
 * any authorization matches no row either way, so passing the user's groups as they are gives the
 * same answers. Bihuan's users belong to a handful of groups.
 */
@Component
class AuthorizedGroupsAsGiven extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = new ArrayList<>();
    if (configuration.getCustomSessionFactories() != null) {
      factories.addAll(configuration.getCustomSessionFactories());
    }
    // custom session factories replace the default one of the same session type
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new GroupsAsGivenAuthorizationManager();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  /** Camunda's authorization manager without the whole-table group lookup. */
  static class GroupsAsGivenAuthorizationManager extends AuthorizationManager {

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
      if (authenticatedGroupIds == null || authenticatedGroupIds.isEmpty()) {
        return List.of();
      }
      return new ArrayList<>(new java.util.LinkedHashSet<>(authenticatedGroupIds));
    }
  }
}
