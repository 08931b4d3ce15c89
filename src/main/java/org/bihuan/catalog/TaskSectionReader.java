package org.bihuan.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the key-tasks section (重点任务): actions headed {@code （一）…（十）} and the numbered tasks under them.
 *
 * <p>Lines are grouped into items: a line that opens an action or a task starts a new item, and following
 * lines are joined to it while its unit bracket ({@code （牵头单位：…）}) is still missing or unclosed, because
 * copied texts often break a task, or its bracket, over several lines. Text after a complete item belongs to
 * nothing and is reported. One instance reads one section.
 */
final class TaskSectionReader {

  private static final String NUMERALS = "[一二三四五六七八九十]+";
  private static final Pattern ACTION = Pattern.compile("^[（(]\\s*(" + NUMERALS + ")\\s*[）)]\\s*(.*)$");
  /** {@code 12.} {@code 12．} {@code 12、}; a digit right after the dot means a decimal, see TASK_DECIMAL. */
  private static final Pattern TASK = Pattern.compile("^(\\d{1,3})\\s*[.．、](?!\\d)\\s*(.*)$");
  /**
   * {@code 10.5G基站…}: a task only when 10 is the number due next and the previous item is complete;
   * otherwise a wrapped line such as {@code 2.3万平方米…}.
   */
  private static final Pattern TASK_DECIMAL = Pattern.compile("^(\\d{1,3})[.．](\\d.*)$");
  private static final Pattern ACTION_LIKE =
      Pattern.compile("^(?:[（(]\\s*(" + NUMERALS + ")|" + NUMERALS + "\\s*[）)])");
  private static final Pattern NUMBER_LIKE = Pattern.compile("^(\\d{1,3})(?!\\d)(\\s*)(.?)");
  /** Characters that make a leading number a quantity (23万平方米) rather than a broken task number. */
  private static final String QUANTITY_CHARS = "万亿千百个年月日号岁天项家人元米倍多余";
  /**
   * The unit bracket, {@code （牵头单位：…，责任单位：…）}. The opening bracket is optional and the closing one
   * may be missing, both happen in copied texts; a bracket naming only 责任单位 is still found, so that the
   * missing lead is reported rather than the whole bracket. Names may carry one level of brackets of their
   * own, as in {@code 区委宣传部（区文明办）}.
   *
   * <p>The names are matched as an unrolled loop, {@code plain*+ (nested plain*+)*+}: java.util.regex recurses
   * once per iteration of a repeated group, so the obvious {@code (?:plain|nested)*} overflowed the stack on
   * a unit list of a few thousand characters. Here the group repeats once per nested bracket only, and the
   * possessive quantifiers leave nothing to backtrack into.
   */
  private static final Pattern UNIT_BRACKET = Pattern.compile(
      "[（(]?\\s*(?:专项行动)?((?:牵头单位|责任单位|配合单位)\\s*[：:][^（）()]*+(?:[（(][^（）()]*+[）)][^（）()]*+)*+)([）)])?");
  private static final Pattern LEAD_LABEL = Pattern.compile("牵头单位\\s*[：:]");
  private static final Pattern RESPONSIBLE_LABEL = Pattern.compile("(?:责任单位|配合单位)\\s*[：:]?");
  private static final String NAME_SEPARATORS = "、，,;；";
  private static final int TITLE_MAX = 60;

  private final UnitNormalizer normalizer;
  private final ProblemLog log;
  private final Map<String, UnitKind> units = new LinkedHashMap<>();
  private final List<ParsedAction> actions = new ArrayList<>();
  private final List<ParsedTask> tasks = new ArrayList<>();
  private final Set<Integer> actionNumbers = new HashSet<>();
  private final Set<Integer> taskNumbers = new HashSet<>();
  private final Set<Integer> actionsWithTasks = new HashSet<>();
  private int lastActionNumber;
  private int lastTaskNumber;
  private int currentActionNumber;
  private Item current;

  TaskSectionReader(UnitNormalizer normalizer, ProblemLog log) {
    this.normalizer = normalizer;
    this.log = log;
  }

  void read(List<SourceLine> lines) {
    lines.forEach(this::read);
    finishCurrent();
    if (tasks.isEmpty()) {
      log.error(0, "重点任务部分没有任务", "no tasks found in the key-tasks section");
    }
    actions.stream()
        .filter(a -> !actionsWithTasks.contains(a.number()))
        .forEach(a -> log.warning(a.line(), "专项行动" + a.number() + "下没有任务",
            "action " + a.number() + " has no tasks"));
  }

  List<ParsedAction> actions() {
    return actions;
  }

  List<ParsedTask> tasks() {
    return tasks;
  }

  /** Distinct unit names in order of first appearance. */
  List<ParsedUnit> units() {
    return units.entrySet().stream().map(e -> new ParsedUnit(e.getKey(), e.getValue())).toList();
  }

  private void read(SourceLine line) {
    String text = line.text();
    if (text.isEmpty()) {
      return;
    }
    Matcher action = ACTION.matcher(text);
    if (action.matches()) {
      int number = ChineseNumerals.parse(action.group(1));
      if (number > 0) {
        startAction(number, line.number(), action.group(2));
      } else {
        reportUnparsable(line);
      }
      return;
    }
    Matcher task = TASK.matcher(text);
    Matcher decimal = TASK_DECIMAL.matcher(text);
    if (task.matches()) {
      startTask(Integer.parseInt(task.group(1)), line.number(), task.group(2));
    } else if (decimal.matches()
        && Integer.parseInt(decimal.group(1)) == lastTaskNumber + 1
        && (current == null || !current.isOpen())) {
      startTask(lastTaskNumber + 1, line.number(), decimal.group(2));
    } else if (looksNumbered(text)) {
      reportUnparsable(line);
    } else if (current != null && current.isOpen()) {
      current.text.append(text);
    } else {
      log.warning(line.number(), "无法归属的文字，已忽略：" + excerpt(text),
          "text outside any task or action, ignored: " + excerpt(text));
    }
  }

  /**
   * Whether a line that is neither an action nor a task was probably meant to be one: an ordinal in a
   * bracket missing its other half, a number followed by a closing bracket, or the task number due next
   * followed by text instead of a separator ({@code 12优化…}, {@code 12 优化…}).
   */
  private boolean looksNumbered(String text) {
    Matcher action = ACTION_LIKE.matcher(text);
    if (action.lookingAt()) {
      return action.group(1) == null || ChineseNumerals.parse(action.group(1)) == lastActionNumber + 1;
    }
    Matcher number = NUMBER_LIKE.matcher(text);
    if (!number.lookingAt()) {
      return false;
    }
    String next = number.group(3);
    if (next.equals(")") || next.equals("）")) {
      return true;
    }
    if (Integer.parseInt(number.group(1)) != lastTaskNumber + 1) {
      return false;
    }
    return next.isEmpty() || !number.group(2).isEmpty() || ",，:：".contains(next)
        || (Character.UnicodeScript.of(next.codePointAt(0)) == Character.UnicodeScript.HAN
            && !QUANTITY_CHARS.contains(next));
  }

  private void reportUnparsable(SourceLine line) {
    log.error(line.number(), "疑似专项行动或任务的编号行无法解析：" + excerpt(line.text()),
        "looks like a numbered action or task but cannot be parsed: " + excerpt(line.text()));
    // Continuation lines after it must not be glued onto the previous, unrelated item.
    finishCurrent();
  }

  private void startAction(int number, int line, String text) {
    finishCurrent();
    checkNumbering("专项行动", "action", number, lastActionNumber, actionNumbers, line);
    lastActionNumber = Math.max(lastActionNumber, number);
    currentActionNumber = number;
    current = new Item(true, number, line, text);
  }

  private void startTask(int number, int line, String text) {
    finishCurrent();
    checkNumbering("任务", "task", number, lastTaskNumber, taskNumbers, line);
    lastTaskNumber = Math.max(lastTaskNumber, number);
    current = new Item(false, number, line, text);
  }

  private void checkNumbering(String zh, String en, int number, int last, Set<Integer> seen, int line) {
    int expected = last + 1;
    if (!seen.add(number)) {
      log.error(line, zh + "编号" + number + "重复", "duplicate " + en + " number " + number);
    } else if (number < expected) {
      log.error(line, zh + "编号" + number + "顺序错乱（上一个是" + last + "）",
          en + " number " + number + " is out of order (previous is " + last + ")");
    } else if (number > expected && last == 0) {
      log.error(line, zh + "编号应从1开始，本行是" + number, en + " numbering should start at 1, this is " + number);
    } else if (number > expected) {
      String missing = number - 1 == expected ? String.valueOf(expected) : expected + "–" + (number - 1);
      log.error(line, zh + "编号不连续：缺少" + missing + "（上一个是" + last + "，本行是" + number + "）",
          en + " numbering gap: " + missing + " missing (previous is " + last + ", this is " + number + ")");
    }
  }

  private void finishCurrent() {
    if (current == null) {
      return;
    }
    Item item = current;
    current = null;
    String text = item.text.toString();
    Matcher bracket = UNIT_BRACKET.matcher(text);
    String body = text.strip();
    String leadPart = "";
    String responsiblePart = "";
    if (bracket.find()) {
      body = (text.substring(0, bracket.start()) + text.substring(bracket.end())).strip();
      if (bracket.group(2) == null) {
        log.warning(item.line, item.labelZh() + "的单位括号没有闭合", item.labelEn() + ": unit bracket is not closed");
      }
      String content = bracket.group(1);
      Matcher responsible = RESPONSIBLE_LABEL.matcher(content);
      String leadArea = content;
      if (responsible.find()) {
        leadArea = content.substring(0, responsible.start());
        responsiblePart = content.substring(responsible.end());
      }
      Matcher lead = LEAD_LABEL.matcher(leadArea);
      if (lead.find()) {
        leadPart = leadArea.substring(lead.end());
      }
    }
    if (body.isEmpty()) {
      log.error(item.line, item.labelZh() + "没有内容", item.labelEn() + " has no text");
    }
    Set<String> leads = distinct(item, names(leadPart));
    Set<String> responsibles = distinct(item, names(responsiblePart));
    responsibles.removeIf(name -> {
      boolean alsoLead = leads.contains(name);
      if (alsoLead) {
        log.warning(item.line, item.labelZh() + "：" + name + "同时列为牵头单位和责任单位，只保留为牵头单位",
            item.labelEn() + ": " + name + " is listed as both lead and responsible unit; kept as lead only");
      }
      return alsoLead;
    });
    if (item.action) {
      finishAction(item, body, leads, responsibles);
    } else {
      finishTask(item, body, leads, responsibles);
    }
  }

  private void finishAction(Item item, String body, Set<String> leads, Set<String> responsibles) {
    String lead = leads.stream().findFirst().orElse(null);
    if (lead == null) {
      log.error(item.line, item.labelZh() + "缺少牵头单位", item.labelEn() + " has no lead unit");
    } else {
      register(lead);
    }
    if (leads.size() > 1) {
      log.warning(item.line, item.labelZh() + "有多个牵头单位，只取第一个：" + lead,
          item.labelEn() + " has several lead units; only the first is kept: " + lead);
    }
    if (!responsibles.isEmpty()) {
      log.warning(item.line, item.labelZh() + "的责任单位被忽略：" + String.join("、", responsibles),
          item.labelEn() + ": responsible units of an action are ignored: " + String.join("、", responsibles));
    }
    actions.add(new ParsedAction(item.number, title(body), lead, item.line));
  }

  private void finishTask(Item item, String body, Set<String> leads, Set<String> responsibles) {
    if (leads.isEmpty()) {
      log.error(item.line, item.labelZh() + "缺少牵头单位", item.labelEn() + " has no lead unit");
    }
    if (currentActionNumber == 0) {
      log.error(item.line, item.labelZh() + "不属于任何专项行动", item.labelEn() + " precedes every action");
    }
    leads.forEach(this::register);
    responsibles.forEach(this::register);
    actionsWithTasks.add(currentActionNumber);
    tasks.add(new ParsedTask(item.number, currentActionNumber, title(body), body, List.copyOf(leads),
        List.copyOf(responsibles), item.line));
  }

  /** Splits a name list on separators outside brackets, so 区委办（区政府办、区信访办） stays one name. */
  private List<String> names(String list) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= list.length(); i++) {
      char c = i < list.length() ? list.charAt(i) : '、';
      if (c == '（' || c == '(') {
        depth++;
      } else if ((c == '）' || c == ')') && depth > 0) {
        depth--;
      } else if (NAME_SEPARATORS.indexOf(c) >= 0 && (depth == 0 || i == list.length())) {
        String name = normalizer.normalize(list.substring(start, i));
        if (!name.isEmpty()) {
          names.add(name);
        }
        start = i + 1;
      }
    }
    return names;
  }

  private Set<String> distinct(Item item, List<String> names) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String name : names) {
      if (!distinct.add(name)) {
        log.warning(
            item.line, item.labelZh() + "：" + name + "重复列出", item.labelEn() + ": " + name + " is listed twice");
      }
    }
    return distinct;
  }

  private void register(String unit) {
    units.computeIfAbsent(unit, normalizer::kindOf);
  }

  /**
   * Text before the first {@code 。}. Long first sentences are cut at the last clause break within the
   * limit, so the title still reads as a phrase, and marked with an ellipsis.
   */
  private static String title(String body) {
    int stop = body.indexOf('。');
    String sentence = stop < 0 ? body : body.substring(0, stop);
    if (sentence.length() <= TITLE_MAX) {
      return sentence;
    }
    int cut = Math.max(sentence.lastIndexOf('，', TITLE_MAX - 1), sentence.lastIndexOf('；', TITLE_MAX - 1));
    return sentence.substring(0, cut > TITLE_MAX / 3 ? cut : TITLE_MAX - 1) + "…";
  }

  private static String excerpt(String text) {
    return text.length() <= 30 ? text : text.substring(0, 30) + "…";
  }

  /** An action or task being assembled from one or more lines. */
  private static final class Item {
    final boolean action;
    final int number;
    final int line;
    final StringBuilder text;

    Item(boolean action, int number, int line, String firstLine) {
      this.action = action;
      this.number = number;
      this.line = line;
      this.text = new StringBuilder(firstLine);
    }

    /** Still expecting lines: its unit bracket has not been seen complete. */
    boolean isOpen() {
      Matcher bracket = UNIT_BRACKET.matcher(text);
      return !bracket.find() || bracket.group(2) == null;
    }

    String labelZh() {
      return action ? "专项行动" + number : "任务" + number;
    }

    String labelEn() {
      return (action ? "action " : "task ") + number;
    }
  }
}
