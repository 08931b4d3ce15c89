package org.bihuan.problem;

import java.time.Instant;

/** One row of {@code bihuan.problem}: the problem's details, kept out of process variables. */
public record ProblemRecord(
    String key,
    String title,
    String description,
    Integer actionNumber,
    Integer taskNumber,
    String reporterUnitCode,
    String reporterUser,
    String source,
    String sourceRef,
    String suggestedCategory,
    String category,
    Stage stage,
    String processInstanceId,
    String workingGroup,
    String analysisGroup,
    String possibleDuplicateOf,
    String mergedInto,
    String rejectReason,
    String rootCause,
    String measures,
    Instant resolutionDue,
    Boolean needsPolicy,
    int reworkCount,
    Integer satisfaction,
    String lessons,
    boolean typicalCase,
    boolean bestPractice,
    Instant createdAt,
    Instant closedAt,
    /* 挂牌督办: when the leading group listed the problem (org.bihuan.supervision), else null */
    Instant listedAt) {}
