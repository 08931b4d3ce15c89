package org.bihuan.catalog;

import java.util.List;

/**
 * An implementation plan (实施方案) read from text.
 *
 * @param title      the plan's name, or {@code null} when no title line was found
 * @param targetYear the year of the main targets ("到2027年"), or {@code null}
 * @param actions    special actions (专项行动) in text order
 * @param tasks      key tasks (重点任务) in text order
 * @param units      every distinct unit named by actions and tasks, in order of first appearance
 * @param targets    quantitative main targets (主要目标) in text order
 */
public record ParsedPlan(String title, Integer targetYear, List<ParsedAction> actions, List<ParsedTask> tasks,
    List<ParsedUnit> units, List<ParsedTarget> targets) {

  public ParsedPlan {
    actions = List.copyOf(actions);
    tasks = List.copyOf(tasks);
    units = List.copyOf(units);
    targets = List.copyOf(targets);
  }
}
