package org.bihuan.problem;

import java.time.Instant;

/** Parts of a problem kept in their own tables. */
public final class ProblemDetails {

  private ProblemDetails() {}

  /** A unit responsible for resolving a problem: LEAD or CO (协办). */
  public record ResponsibleUnit(String code, String name, String role) {}

  /** A note attached to a step of the loop. */
  public record Note(String kind, String text, String author, Instant createdAt) {}

  /** A unit's report of what it did. */
  public record ResolutionReport(
      String unitCode, String unitName, String actionsTaken, String outcome, String reportedBy, Instant reportedAt) {}
}
