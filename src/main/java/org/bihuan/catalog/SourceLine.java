package org.bihuan.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of plan text, stripped of surrounding whitespace, with its 1-based line number for messages.
 */
record SourceLine(int number, String text) {

  /**
   * Splits on any line break. Full-width digits become ASCII so that every pattern needs to know only one
   * digit form; a leading byte-order mark is dropped.
   */
  static List<SourceLine> split(String text) {
    String[] raw = text.replace("\uFEFF", "").split("\\R", -1);
    List<SourceLine> lines = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      lines.add(new SourceLine(i + 1, halfWidthDigits(raw[i]).strip()));
    }
    return lines;
  }

  boolean isBlank() {
    return text.isEmpty();
  }

  private static String halfWidthDigits(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= '０' && c <= '９' ? (char) (c - '０' + '0') : c);
    }
    return sb.toString();
  }
}
