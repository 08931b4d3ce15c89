package org.bihuan.loop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bihuan.calendar.WorkingDays;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * 回头看 — the reproducible sample of closed problems to re-inspect, used in the model as
 * {@code ${reinspection.drawn(execution)}} and {@code ${reinspection.timer()}}.
 *
 * <p>The draw is a pure function of the seed and the business key (SHA-256, first 8 bytes read as
 * a fraction in [0, 1)): no random state, no table, the same answer on every node and every replay,
 * and anyone with the seed can recompute who was drawn.
 */
@Component("reinspection")
public class Reinspection {

  private final ReinspectionProperties properties;
  private final WorkingDays workdays;

  Reinspection(ReinspectionProperties properties, WorkingDays workdays) {
    this.properties = properties;
    this.workdays = workdays;
  }

  public boolean drawn(DelegateExecution execution) {
    return drawn(execution.getProcessBusinessKey());
  }

  /** Whether the closed problem {@code problemKey} is in the re-inspection sample. */
  public boolean drawn(String problemKey) {
    return fraction(properties.seed(), problemKey) < properties.share();
  }

  /** The re-inspection timer: the configured number of working days (recalculated with the calendar). */
  public String timer() {
    return workdays.timer("P" + properties.delayWorkingDays() + "D");
  }

  /** Where a key falls in [0, 1) for a seed. */
  static double fraction(String seed, String problemKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((seed + ":" + problemKey).getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 7; i++) {
        bits = (bits << 8) | (hash[i] & 0xff);
      }
      return bits / (double) (1L << 56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
