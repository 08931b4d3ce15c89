package org.bihuan.problem;

/**
 * A request that breaks a rule of the loop (unknown duplicate, missing reason…). The message is
 * Chinese first, then English, and is shown to the user as it is.
 */
public class ProblemRuleViolation extends RuntimeException {

  private final String type;

  public ProblemRuleViolation(String type, String chinese, String english) {
    super(chinese + " / " + english);
    this.type = type;
  }

  /** Short machine-readable kind, used as the problem-details type. */
  public String type() {
    return type;
  }
}
