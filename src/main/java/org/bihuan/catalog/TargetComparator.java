package org.bihuan.catalog;

/**
 * How a quantitative target (目标值) relates to its value, e.g. "迈上2100亿元台阶" is {@link #AT_LEAST}.
 */
public enum TargetComparator {

  /** 以上 / 迈上 / 达到: the value or more. */
  AT_LEAST("≥"),
  /** 超过 / 突破 / 超: strictly more than the value. */
  MORE_THAN(">"),
  /** 左右: approximately the value. */
  ABOUT("≈"),
  /** 以下 / 以内 / 不超过: the value or less. */
  AT_MOST("≤"),
  /** 低于: strictly less than the value. */
  LESS_THAN("<");

  private final String symbol;

  TargetComparator(String symbol) {
    this.symbol = symbol;
  }

  /** The mathematical symbol, for display ("≥ 2100 亿元"). */
  public String symbol() {
    return symbol;
  }
}
