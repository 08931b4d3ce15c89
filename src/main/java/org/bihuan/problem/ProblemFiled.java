package org.bihuan.problem;

import java.util.List;

/**
 * A problem was filed outside Tasklist and waits for its process instance (same transaction),
 * which starts as the filing actor with their groups. {@code authorisedByCaller}: the caller has
 * authorised the actor itself (the event gateway), so the engine need not check again.
 */
public record ProblemFiled(String key, String actor, List<String> actorGroups, boolean authorisedByCaller) {}
