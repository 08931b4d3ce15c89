package org.bihuan.catalog;

import java.math.BigDecimal;
import java.util.List;

/** Read views of the catalogue (清单): what the REST API and the rest of Bihuan see. */
public final class Catalog {

  private Catalog() {}

  /** A unit (单位): department, management committee, district company, street or collective. */
  public record Unit(String code, String name, UnitKind kind) {

    /** The Camunda group of the unit's staff. */
    public String groupId() {
      return "unit-" + code;
    }
  }

  /** A special action (专项行动) with its lead unit. */
  public record Action(int number, String title, Unit leadUnit, int taskCount) {}

  /** A key task (重点任务) with its lead units (牵头单位) and responsible units (责任单位). */
  public record Task(
      int number, int actionNumber, String title, String text, List<Unit> leadUnits, List<Unit> responsibleUnits) {}

  /** A quantitative target (主要目标) — an indicator that departments report against. */
  public record Target(
      String code,
      String description,
      String unitOfMeasure,
      TargetComparator comparator,
      BigDecimal targetValue,
      Integer targetYear) {}
}
