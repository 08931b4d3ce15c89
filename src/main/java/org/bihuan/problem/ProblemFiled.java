package org.bihuan.problem;

import java.util.List;

/**
 * A problem was filed outside Tasklist and waits for its process instance (same transaction),
 * which starts as the filing actor with their groups.
 */
public record ProblemFiled(String key, String actor, List<String> actorGroups) {}
