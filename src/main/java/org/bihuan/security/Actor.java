package org.bihuan.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bihuan.identity.Groups;

/**
 * The authenticated person behind a request and what their groups make them: member of the
 * leading group, auditor, operator, working-group manager or task-force member of some actions,
 * staff of some units.
 */
public record Actor(String userId, List<String> groups) {

  public boolean isLeadingGroup() {
    return groups.contains(Groups.LEADING_GROUP);
  }

  public boolean isAuditor() {
    return groups.contains(Groups.AUDITORS);
  }

  public boolean isOperator() {
    return groups.contains(Groups.OPERATORS);
  }

  /** Sees every problem: the leading group and auditors. */
  public boolean seesAll() {
    return isLeadingGroup() || isAuditor();
  }

  /** Actions whose working group or task force the actor belongs to. */
  public Set<Integer> actions() {
    return groups.stream()
        .filter(g -> g.matches("(wg|tf)-\\d+"))
        .map(g -> Integer.parseInt(g.substring(3)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Codes of the units whose staff the actor is. */
  public Set<String> units() {
    return groups.stream().map(Groups::unitCodeOf).filter(c -> c != null).collect(Collectors.toCollection(TreeSet::new));
  }
}
