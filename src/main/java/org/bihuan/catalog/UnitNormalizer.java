package org.bihuan.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns unit names (单位名称) as typed in plan texts into canonical names, and classifies them.
 *
 * <p>Plan texts are typed by hand and copied from PDFs, so the same unit shows up as {@code CBD管委会},
 * {@code CBD 管委会}, {@code ＣＢＤ管委会} or {@code CBD管委会等}; and some units go by two names
 * (母城文化公司 / 区母城文化公司), which only a configured alias map can reconcile.
 */
public class UnitNormalizer {

  /** Checked in order; the first suffix that matches decides. 委员会 must win over the department suffix 委. */
  private static final List<Map.Entry<String, UnitKind>> SUFFIX_KINDS = List.of(
      Map.entry("街道办事处", UnitKind.STREET),
      Map.entry("街道", UnitKind.STREET),
      Map.entry("公司", UnitKind.COMPANY),
      Map.entry("集团", UnitKind.COMPANY),
      Map.entry("管委会", UnitKind.COMMITTEE),
      Map.entry("委员会", UnitKind.COMMITTEE),
      Map.entry("指挥部", UnitKind.COMMITTEE),
      Map.entry("工商联", UnitKind.ASSOCIATION),
      Map.entry("联合会", UnitKind.ASSOCIATION),
      Map.entry("协会", UnitKind.ASSOCIATION),
      Map.entry("商会", UnitKind.ASSOCIATION),
      Map.entry("工会", UnitKind.ASSOCIATION),
      Map.entry("妇联", UnitKind.ASSOCIATION),
      Map.entry("科协", UnitKind.ASSOCIATION),
      Map.entry("残联", UnitKind.ASSOCIATION),
      Map.entry("侨联", UnitKind.ASSOCIATION),
      Map.entry("文联", UnitKind.ASSOCIATION),
      Map.entry("红十字会", UnitKind.ASSOCIATION));

  private final Map<String, String> aliases;

  /**
   * @param aliases alias name → canonical name; keys are compared after whitespace removal and trailing-等
   *                removal, so {@code "母城文化公司"} also catches {@code "母城 文化公司等"}
   */
  public UnitNormalizer(Map<String, String> aliases) {
    Map<String, String> byCleanKey = new HashMap<>();
    aliases.forEach((alias, canonical) -> byCleanKey.put(clean(alias), canonical));
    this.aliases = Map.copyOf(byCleanKey);
  }

  /**
   * The canonical form of a unit name: every whitespace character removed (including the full-width space
   * U+3000, no-break and zero-width spaces), full-width Latin letters and digits made half-width, a trailing
   * 等 ("etc.") dropped, and finally the alias map applied.
   *
   * @return the canonical name; empty when nothing but whitespace and 等 was given
   */
  public String normalize(String raw) {
    String cleaned = clean(raw);
    return aliases.getOrDefault(cleaned, cleaned);
  }

  /**
   * Classifies a normalised unit name. Rules, first match wins:
   * <ol>
   * <li>{@link UnitKind#COLLECTIVE} when the name contains 各 ("every", e.g. 各街道, 区级各产业部门, 区属各国有企业)
   * or 有关 / 相关 ("concerned", e.g. 区级有关部门, 各相关部门);</li>
   * <li>by suffix: 街道 / 街道办事处 → {@link UnitKind#STREET}; 公司 / 集团 → {@link UnitKind#COMPANY};
   * 管委会 / 委员会 / 指挥部 → {@link UnitKind#COMMITTEE}; 工商联, 联合会, 协会, 商会, 工会, 妇联, 科协, 残联, 侨联,
   * 文联, 红十字会 → {@link UnitKind#ASSOCIATION};</li>
   * <li>otherwise {@link UnitKind#DEPARTMENT}: district organs end in 局, 委, 办, 院, 中心 and the like, and a
   * department is the safest assumption for a name nothing else recognises.</li>
   * </ol>
   */
  public UnitKind kindOf(String normalizedName) {
    if (normalizedName.contains("各") || normalizedName.contains("有关") || normalizedName.contains("相关")) {
      return UnitKind.COLLECTIVE;
    }
    return SUFFIX_KINDS.stream()
        .filter(e -> normalizedName.endsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(UnitKind.DEPARTMENT);
  }

  private static String clean(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    raw.codePoints().forEach(cp -> {
      if (!isBlank(cp)) {
        sb.appendCodePoint(toHalfWidthAlphanumeric(cp));
      }
    });
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '等') {
      end--;
    }
    return sb.substring(0, end);
  }

  /** Java's whitespace test misses U+3000's cousins (no-break space) and the invisible zero-width characters. */
  private static boolean isBlank(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '\u200B' || cp == '\uFEFF';
  }

  private static int toHalfWidthAlphanumeric(int cp) {
    boolean fullWidth = (cp >= '０' && cp <= '９') || (cp >= 'Ａ' && cp <= 'Ｚ') || (cp >= 'ａ' && cp <= 'ｚ');
    return fullWidth ? cp - 0xFEE0 : cp;
  }
}
