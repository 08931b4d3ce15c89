package org.bihuan.catalog;

/**
 * Reads the Chinese ordinals used to number actions: 一 … 十, 十一 … 十九, 二十 … 九十九.
 */
final class ChineseNumerals {

  private static final String DIGITS = "一二三四五六七八九";

  private ChineseNumerals() {
  }

  /** @return the value, or -1 when {@code numeral} is not a well-formed number below 100 */
  static int parse(String numeral) {
    int ten = numeral.indexOf('十');
    if (ten < 0) {
      return numeral.length() == 1 ? digit(numeral.charAt(0)) : -1;
    }
    if (ten != numeral.lastIndexOf('十') || ten > 1 || numeral.length() - ten > 2) {
      return -1;
    }
    int tens = ten == 0 ? 1 : digit(numeral.charAt(0));
    int units = ten == numeral.length() - 1 ? 0 : digit(numeral.charAt(ten + 1));
    return tens < 0 || units < 0 ? -1 : tens * 10 + units;
  }

  private static int digit(char c) {
    int i = DIGITS.indexOf(c);
    return i < 0 ? -1 : i + 1;
  }
}
