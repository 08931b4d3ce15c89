package org.bihuan.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds quantitative targets in the main-targets section (主要目标).
 *
 * <p>A target is a number with a unit of measure that is either preceded by a comparator verb
 * ({@code 迈上2100亿元}, {@code 超4.5个}) or followed by 以上 / 左右 ({@code 新增就业4万人以上}). The
 * {@code 3岁以下} in {@code 每千人口拥有3岁以下婴幼儿托位数超4.5个} has no verb before it: it narrows the
 * indicator and is not a target (岁 is not a unit of measure either).
 *
 * <p>The section is split into sentences at {@code 。} and clauses at {@code ，；}; a description runs from the
 * start of its clause, or from the end of the previous target in the same clause, to the end of the value.
 */
final class TargetExtractor {

  /** Alternatives are tried left to right, so every verb comes before its own prefixes (超过 before 超). */
  private static final String VERBS = "提高到|提升到|增长到|增加到|降低到|下降到|达到|迈上|突破|不超过|不高于|不低于|不少于"
      + "|超过|稳定在|保持在|控制在|低于|高于|增长|降低|下降|保持|达|超";

  /** Longest first for the same reason: 亿美元 before 亿, 万人 before 万. */
  private static final String UNITS = "亿美元|万美元|美元|亿元|万元|元|万人次|人次|万人|万户|万平方米|平方米|平方公里|公里"
      + "|个百分点|百分点|%|％|‰|㎡|万吨|吨|个|天|家|项|座|所|倍|人|户|亿|万";

  private static final Pattern TARGET = Pattern.compile(
      "(?:(" + VERBS + ")\\s*)?(\\d+(?:\\.\\d+)?)\\s*(" + UNITS + ")(以上|以下|以内|左右|台阶)?");

  private static final Pattern YEAR = Pattern.compile("到\\s*(\\d{4})\\s*年");

  /** Sentence ends; clause separators are {@code ，；;} and a half-width comma that is not a digit group. */
  private static final Pattern SENTENCE_END = Pattern.compile("[。！？]");
  private static final Pattern CLAUSE_END = Pattern.compile("[，；;]|,(?!\\d)");

  private final String text;
  private final int[] lineStarts;
  private final int[] lineNumbers;
  private final List<ParsedTarget> targets = new ArrayList<>();
  private Integer firstYear;

  /**
   * Joins the section into one string, since a sentence may be wrapped over several lines. A line opening
   * with a dash (——, the bullet of each target group) starts a new sentence even if the previous line lacks
   * its {@code 。}.
   */
  TargetExtractor(List<SourceLine> sectionLines) {
    StringBuilder sb = new StringBuilder();
    List<SourceLine> nonBlank = sectionLines.stream().filter(l -> !l.isBlank()).toList();
    lineStarts = new int[nonBlank.size()];
    lineNumbers = new int[nonBlank.size()];
    for (int i = 0; i < nonBlank.size(); i++) {
      SourceLine line = nonBlank.get(i);
      if (!sb.isEmpty() && line.text().startsWith("——") && "。！？".indexOf(sb.charAt(sb.length() - 1)) < 0) {
        sb.append('。');
      }
      lineStarts[i] = sb.length();
      lineNumbers[i] = line.number();
      sb.append(line.text());
    }
    text = sb.toString();
    extract();
  }

  List<ParsedTarget> targets() {
    return targets;
  }

  /** The first "到YYYY年" of the section, or {@code null}. */
  Integer firstYear() {
    return firstYear;
  }

  private void extract() {
    Integer year = null;
    int sentenceStart = 0;
    Matcher end = SENTENCE_END.matcher(text);
    while (sentenceStart < text.length()) {
      int sentenceEnd = end.find(sentenceStart) ? end.start() : text.length();
      Matcher y = YEAR.matcher(text).region(sentenceStart, sentenceEnd);
      if (y.find()) {
        year = Integer.valueOf(y.group(1));
        if (firstYear == null) {
          firstYear = year;
        }
      }
      extractClauses(sentenceStart, sentenceEnd, year);
      sentenceStart = sentenceEnd + 1;
    }
  }

  private void extractClauses(int from, int to, Integer year) {
    Matcher comma = CLAUSE_END.matcher(text).region(from, to);
    int clauseStart = from;
    while (clauseStart < to) {
      int clauseEnd = comma.find() ? comma.start() : to;
      extractTargets(clauseStart, clauseEnd, year);
      clauseStart = clauseEnd + 1;
    }
  }

  private void extractTargets(int from, int to, Integer year) {
    Matcher m = TARGET.matcher(text).region(from, to);
    int descriptionStart = from;
    while (m.find()) {
      String verb = m.group(1);
      String qualifier = m.group(4);
      if (verb == null && !"以上".equals(qualifier) && !"左右".equals(qualifier)) {
        continue;
      }
      String description = trimLeading(text.substring(descriptionStart, m.end()));
      String unit = m.group(3).replace('％', '%');
      targets.add(new ParsedTarget(String.format("T%02d", targets.size() + 1), description, unit,
          comparator(verb, qualifier), new BigDecimal(m.group(2)), year, lineAt(m.start(2))));
      descriptionStart = m.end();
    }
  }

  /** The qualifier after the number is the clearest signal; the verb decides only without one. */
  private static TargetComparator comparator(String verb, String qualifier) {
    if (qualifier != null) {
      return switch (qualifier) {
        case "左右" -> TargetComparator.ABOUT;
        case "以下", "以内" -> TargetComparator.AT_MOST;
        default -> TargetComparator.AT_LEAST;
      };
    }
    return switch (verb) {
      case "超过", "突破", "超", "高于" -> TargetComparator.MORE_THAN;
      case "低于" -> TargetComparator.LESS_THAN;
      case "不超过", "不高于", "控制在" -> TargetComparator.AT_MOST;
      case "稳定在", "保持在", "保持" -> TargetComparator.ABOUT;
      default -> TargetComparator.AT_LEAST;
    };
  }

  /** A second target in the same clause is joined to the first by 、, which belongs to neither. */
  private static String trimLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == '、' || s.charAt(i) == '—' || Character.isWhitespace(s.charAt(i)))) {
      i++;
    }
    return s.substring(i);
  }

  private int lineAt(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return lineNumbers[i >= 0 ? i : -i - 2];
  }
}
