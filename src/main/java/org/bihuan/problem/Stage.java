package org.bihuan.problem;

/**
 * Where a problem stands in the loop 发现 → 受理 → 分析 → 出台政策 → 解决 → 核查 → 结案 (→ 回访, 回头看),
 * or aside on the ledger. New values go last: the events stage compares ordinals with RESOLUTION.
 */
public enum Stage {
  /** 受理 — waiting for the working group's triage. */
  TRIAGE("受理"),
  /** 补充材料 — the reporter was asked for more information. */
  INFO_REQUESTED("补充材料"),
  /** 分析 — a task force or the lead unit analyses it. */
  ANALYSIS("分析"),
  /** 出台政策 — a policy or measure is being drafted and approved. */
  POLICY("出台政策"),
  /** 解决 — responsible units are resolving it. */
  RESOLUTION("办理"),
  /** 核查 — the working group verifies the resolution. */
  VERIFICATION("核查"),
  /** 结案评价 — verified; closure record and evaluation pending. */
  CLOSURE("结案评价"),
  /** 已结案. */
  CLOSED("已结案"),
  /** 不予受理. */
  REJECTED("不予受理"),
  /** 已合并 — merged into a duplicate. */
  MERGED("已合并"),
  /**
   * 挂账 — cannot be solved now (budget, law change, a project not yet started); approved by the
   * leading group and reviewed on a set date. Counted apart: never late, never closed.
   */
  LEDGER("挂账");

  private final String label;

  Stage(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isFinal() {
    return this == CLOSED || this == REJECTED || this == MERGED;
  }
}
