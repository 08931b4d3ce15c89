package org.bihuan.identity;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Shared Tasklist filters in Chinese, created once: a user's own tasks and the tasks of their
 * groups, showing each problem's key and title in the list.
 */
@Component
class TasklistFilters {

  private static final List<Map<String, String>> PROBLEM_COLUMNS =
      List.of(Map.of("name", "problemKey", "label", "问题编号"), Map.of("name", "title", "label", "问题标题"));

  private final FilterService filters;
  private final TaskService tasks;

  TasklistFilters(FilterService filters, TaskService tasks) {
    this.filters = filters;
    this.tasks = tasks;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createDefaultFilters() {
    if (filters.createFilterQuery().count() > 0) {
      return;
    }
    save("本组待办", "我所在组可认领和办理的任务", -10,
        tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks()
            .orderByDueDate().asc());
    save("我的待办", "已分配给我的任务", 0,
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc());
  }

  private void save(String name, String description, int priority, TaskQuery query) {
    Filter filter = filters.newTaskFilter(name);
    filter.setQuery(query);
    filter.setProperties(
        Map.of(
            "description", description,
            "priority", priority,
            "refresh", true,
            "variables", PROBLEM_COLUMNS));
    filters.saveFilter(filter);
  }
}
