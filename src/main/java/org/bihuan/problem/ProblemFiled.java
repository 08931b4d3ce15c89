package org.bihuan.problem;

/** A problem was filed outside Tasklist and waits for its process instance (same transaction). */
public record ProblemFiled(String key, String actor) {}
