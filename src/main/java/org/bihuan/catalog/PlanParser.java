package org.bihuan.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an implementation plan (实施方案) such as the Yuzhong "ten actions" plan into structured data.
 *
 * <p>The text is split into sections at headings like {@code 二、主要目标}: the section whose heading names
 * 目标 (targets) yields {@link ParsedTarget}s, the one naming 任务 (tasks) yields actions, tasks and units, and
 * anything after the next heading (e.g. {@code 四、保障措施}) is ignored. Texts come from PDFs and Word files
 * typed by hand, so the parser tolerates full- and half-width punctuation, wrapped lines and stray spaces,
 * and reports everything it cannot make sense of as a {@link PlanProblem} instead of dropping it silently.
 *
 * <p>Stateless: one instance may parse any number of texts, also concurrently.
 */
public class PlanParser {

  private static final Pattern SECTION_HEADING = Pattern.compile("^[一二三四五六七八九十]+\\s*、\\s*(.*)$");
  /** Endings that show a line is complete on its own and so cannot be the first half of a title. */
  private static final Pattern COMPLETE_LINE =
      Pattern.compile(".*(?:[。，；：！？、）)》」]|政府|委员会|管委会|办公室|办公厅|\\d+\\s*日)$");

  private final UnitNormalizer normalizer;

  public PlanParser(UnitNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  public PlanParseResult parse(String text) {
    ProblemLog log = new ProblemLog();
    List<SourceLine> front = new ArrayList<>();
    List<SourceLine> targetLines = null;
    List<SourceLine> taskLines = null;
    List<SourceLine> section = front;
    for (SourceLine line : SourceLine.split(text)) {
      Matcher heading = SECTION_HEADING.matcher(line.text());
      if (!heading.matches()) {
        section.add(line);
      } else if (targetLines == null && heading.group(1).contains("目标")) {
        section = targetLines = new ArrayList<>();
      } else if (taskLines == null && heading.group(1).contains("任务")) {
        section = taskLines = new ArrayList<>();
      } else {
        // Sections we do not read still end the previous one.
        section = new ArrayList<>();
      }
    }

    String title = findTitle(front, log);

    List<ParsedTarget> targets = List.of();
    Integer targetYear = null;
    if (targetLines == null) {
      log.warning(0, "未找到主要目标部分（如“二、主要目标”）", "main-targets section (e.g. 二、主要目标) not found");
    } else {
      TargetExtractor extractor = new TargetExtractor(targetLines);
      targets = extractor.targets();
      targetYear = extractor.firstYear();
      if (targets.isEmpty()) {
        log.warning(0, "主要目标部分没有可识别的量化指标", "no quantitative target found in the main-targets section");
      }
    }

    TaskSectionReader tasks = new TaskSectionReader(normalizer, log);
    if (taskLines == null) {
      log.error(0, "未找到重点任务部分（如“三、重点任务”）", "key-tasks section (e.g. 三、重点任务) not found");
    } else {
      tasks.read(taskLines);
    }

    ParsedPlan plan = new ParsedPlan(title, targetYear, tasks.actions(), tasks.tasks(), tasks.units(), targets);
    return new PlanParseResult(plan, log.problems());
  }

  /**
   * The title is the first line before the sections that ends in 方案 (lines in the cover letter carry the
   * name inside 《》 and so end differently). Layout often breaks the title in two, so the previous
   * non-empty line is prepended unless it is complete on its own: ends in punctuation, or is a sender or a
   * date line.
   */
  private static String findTitle(List<SourceLine> front, ProblemLog log) {
    String previous = null;
    for (SourceLine line : front) {
      if (line.isBlank()) {
        continue;
      }
      if (line.text().endsWith("方案")) {
        boolean fragment = previous != null && !COMPLETE_LINE.matcher(previous).matches();
        return fragment ? previous + line.text() : line.text();
      }
      previous = line.text();
    }
    log.warning(0, "未找到方案标题（以“方案”结尾的行）", "no plan title found (a line ending in 方案)");
    return null;
  }
}
