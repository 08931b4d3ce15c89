package org.bihuan.catalog;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import net.sourceforge.pinyin4j.PinyinHelper;

/**
 * Stable ASCII codes for units: they become Camunda group ids ({@code unit-<code>}) and CloudEvents
 * sources ({@code /units/<code>}). The code is made of the pinyin initials of the Chinese name
 * (区发改委 → {@code qfgw}); ASCII letters and digits are kept. Once stored, a unit keeps its code.
 */
final class UnitCodes {

  private final Set<String> taken;

  UnitCodes(Collection<String> existingCodes) {
    this.taken = new HashSet<>(existingCodes);
  }

  /** A new code for a unit name, unique among the codes known to this instance. */
  String allocate(String unitName) {
    String base = initials(unitName);
    String code = base;
    for (int suffix = 2; taken.contains(code); suffix++) {
      code = base + suffix;
    }
    taken.add(code);
    return code;
  }

  static String initials(String name) {
    StringBuilder code = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (c < 128) {
        if (Character.isLetterOrDigit(c)) {
          code.append(Character.toLowerCase(c));
        }
        continue;
      }
      String[] readings = PinyinHelper.toHanyuPinyinStringArray(c);
      if (readings != null && readings.length > 0) {
        code.append(readings[0].charAt(0));
      }
    }
    return code.isEmpty() ? "unit" : code.toString().toLowerCase(Locale.ROOT);
  }
}
