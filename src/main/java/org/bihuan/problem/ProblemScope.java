package org.bihuan.problem;

import java.util.Set;

/**
 * Which problems someone may see: all of them, or those of some actions (working group, task
 * force), of some units (filed by them or assigned to them) and analysed by some groups.
 */
public record ProblemScope(boolean all, Set<Integer> actions, Set<String> units, Set<String> groups) {

  public static final ProblemScope ALL = new ProblemScope(true, Set.of(), Set.of(), Set.of());

  public boolean includes(ProblemRecord problem, Set<String> responsibleUnits) {
    return all
        || (problem.actionNumber() != null && actions.contains(problem.actionNumber()))
        || (problem.reporterUnitCode() != null && units.contains(problem.reporterUnitCode()))
        || responsibleUnits.stream().anyMatch(units::contains)
        || (problem.analysisGroup() != null && groups.contains(problem.analysisGroup()));
  }
}
