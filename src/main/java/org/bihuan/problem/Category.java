package org.bihuan.problem;

/** Kind of problem found by analysis (问题类别). */
public enum Category {
  /** 政策缺位. */
  POLICY_GAP,
  /** 执行落实不力. */
  EXECUTION,
  /** 资源要素不足. */
  RESOURCES,
  /** 跨部门协调. */
  COORDINATION
}
