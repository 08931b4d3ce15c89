package org.bihuan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bihuan.catalog.PlanProblem.Severity;
import org.junit.jupiter.api.Test;

/** Small hand-made plans with the kinds of untidiness found in copied government texts. */
class MessyPlanParserTests {

  private static final String ACTION_ONE = "（一）全力推进甲行动。说明文字。（专项行动牵头单位：区发改委）";

  private final PlanParser parser =
      new PlanParser(new UnitNormalizer(Map.of("母城文化公司", "区母城文化公司", "CBD 管委会", "解放碑CBD管委会")));

  @Test
  void acceptsHalfWidthBracketsColonsAndCommas() {
    PlanParseResult result =
        parse(
            "(一)全力推进甲行动。(专项行动牵头单位:区发改委)",
            "1.任务一。(牵头单位:区发改委,责任单位:区住建委;区交通局)",
            "2．任务二。（牵头单位：区商务委；责任单位：区文旅委）",
            "3、任务三。(牵头单位：区城管局，责任单位:区住建委、区交通局等)");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().actions())
        .extracting(ParsedAction::number, ParsedAction::leadUnit)
        .containsExactly(tuple(1, "区发改委"));
    assertThat(result.plan().tasks())
        .extracting(ParsedTask::number, ParsedTask::title, ParsedTask::leadUnits, ParsedTask::responsibleUnits)
        .containsExactly(
            tuple(1, "任务一", List.of("区发改委"), List.of("区住建委", "区交通局")),
            tuple(2, "任务二", List.of("区商务委"), List.of("区文旅委")),
            tuple(3, "任务三", List.of("区城管局"), List.of("区住建委", "区交通局")));
  }

  @Test
  void joinsTextAndUnitBracketsWrappedOntoFollowingLines() {
    PlanParseResult result =
        parse(
            "（一）全力推进甲行动。说明文字。",
            "（专项行动牵头单位：区发改委）",
            "1.任务一第一句",
            "继续写完。第二句。",
            "（牵头单位：区发改委，",
            "",
            "责任单位：区住建委、CBD管",
            "委会等）",
            "2.任务二。（牵头单位：区商务委）");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().actions()).extracting(ParsedAction::leadUnit).containsExactly("区发改委");
    ParsedTask first = result.plan().tasks().get(0);
    assertThat(first.title()).isEqualTo("任务一第一句继续写完");
    assertThat(first.text()).isEqualTo("任务一第一句继续写完。第二句。");
    assertThat(first.leadUnits()).containsExactly("区发改委");
    // "CBD管" + "委会" joined, then the alias applied.
    assertThat(first.responsibleUnits()).containsExactly("区住建委", "解放碑CBD管委会");
    assertThat(first.line()).isEqualTo(8);
    assertThat(result.plan().tasks().get(1).leadUnits()).containsExactly("区商务委");
  }

  @Test
  void removesSpacesAndTrailingDengFromNamesAndAppliesAliases() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区 发改委 ，责任单位：CBD　管委会、母城文化公司等、 区住建委 等 ）");

    assertThat(result.problems()).isEmpty();
    ParsedTask task = result.plan().tasks().get(0);
    assertThat(task.leadUnits()).containsExactly("区发改委");
    // The alias key "CBD 管委会" matches after whitespace removal, whatever space the text used.
    assertThat(task.responsibleUnits()).containsExactly("解放碑CBD管委会", "区母城文化公司", "区住建委");
    assertThat(result.plan().units())
        .extracting(ParsedUnit::name, ParsedUnit::kind)
        .containsExactly(
            tuple("区发改委", UnitKind.DEPARTMENT),
            tuple("解放碑CBD管委会", UnitKind.COMMITTEE),
            tuple("区母城文化公司", UnitKind.COMPANY),
            tuple("区住建委", UnitKind.DEPARTMENT));
  }

  @Test
  void keepsBracketsThatBelongToUnitNames() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区委宣传部（区文明办），责任单位：区委办（区政府办、区信访办）、区文旅委）");

    assertThat(result.problems()).isEmpty();
    ParsedTask task = result.plan().tasks().get(0);
    assertThat(task.text()).isEqualTo("任务一。");
    assertThat(task.leadUnits()).containsExactly("区委宣传部（区文明办）");
    assertThat(task.responsibleUnits()).containsExactly("区委办（区政府办、区信访办）", "区文旅委");
  }

  @Test
  void classifiesCollectiveNames() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区发改委，责任单位：区级有关部门、各街道、各相关部门等、区属各国有企业、区工商联、菜园坝街道）");

    assertThat(result.plan().units())
        .extracting(ParsedUnit::name, ParsedUnit::kind)
        .containsExactly(
            tuple("区发改委", UnitKind.DEPARTMENT),
            tuple("区级有关部门", UnitKind.COLLECTIVE),
            tuple("各街道", UnitKind.COLLECTIVE),
            tuple("各相关部门", UnitKind.COLLECTIVE),
            tuple("区属各国有企业", UnitKind.COLLECTIVE),
            tuple("区工商联", UnitKind.ASSOCIATION),
            tuple("菜园坝街道", UnitKind.STREET));
  }

  @Test
  void reportsAGapInTaskNumbersAtTheLineAfterTheGap() {
    PlanParseResult result =
        parse(
            ACTION_ONE,
            "1.任务一。（牵头单位：区发改委）",
            "2.任务二。（牵头单位：区发改委）",
            "4.任务四。（牵头单位：区发改委）",
            "8.任务八。（牵头单位：区发改委）");

    assertThat(result.hasErrors()).isTrue();
    assertThat(errors(result))
        .extracting(PlanProblem::line)
        .containsExactly(9, 10);
    assertThat(errors(result).get(0).message()).startsWith("第9行：").contains("缺少3", "3 missing");
    assertThat(errors(result).get(1).message()).contains("缺少5–7", "5–7 missing");
    assertThat(result.plan().tasks()).extracting(ParsedTask::number).containsExactly(1, 2, 4, 8);
  }

  @Test
  void reportsDuplicateAndOutOfOrderTaskNumbers() {
    PlanParseResult result =
        parse(
            ACTION_ONE,
            "1.任务一。（牵头单位：区发改委）",
            "2.任务二。（牵头单位：区发改委）",
            "2.任务二又一次。（牵头单位：区发改委）",
            "3.任务三。（牵头单位：区发改委）");

    assertThat(errors(result))
        .singleElement()
        .satisfies(
            p -> assertThat(p.message()).startsWith("第9行：任务编号2重复").contains("duplicate task number 2"));
    assertThat(result.plan().tasks()).extracting(ParsedTask::number).containsExactly(1, 2, 2, 3);
  }

  @Test
  void keepsATaskWithoutUnitBracketAndReportsIt() {
    PlanParseResult result =
        parse(
            ACTION_ONE,
            "1.任务一没有括号。",
            "2.任务二。（责任单位：区住建委）",
            "3.任务三。（牵头单位：区发改委）");

    assertThat(errors(result))
        .extracting(PlanProblem::line, PlanProblem::message)
        .containsExactly(
            tuple(7, "第7行：任务1缺少牵头单位 / line 7: task 1 has no lead unit"),
            tuple(8, "第8行：任务2缺少牵头单位 / line 8: task 2 has no lead unit"));
    assertThat(result.plan().tasks())
        .extracting(ParsedTask::number, ParsedTask::title, ParsedTask::leadUnits, ParsedTask::responsibleUnits)
        .containsExactly(
            tuple(1, "任务一没有括号", List.of(), List.of()),
            tuple(2, "任务二", List.of(), List.of("区住建委")),
            tuple(3, "任务三", List.of("区发改委"), List.of()));
  }

  @Test
  void reportsAnActionWithoutLeadUnit() {
    PlanParseResult result = parse("（一）全力推进甲行动。", "1.任务一。（牵头单位：区发改委）");

    assertThat(errors(result))
        .extracting(PlanProblem::message)
        .containsExactly("第6行：专项行动1缺少牵头单位 / line 6: action 1 has no lead unit");
    assertThat(result.plan().actions())
        .extracting(ParsedAction::title, ParsedAction::leadUnit)
        .containsExactly(tuple("全力推进甲行动", null));
    assertThat(result.plan().tasks()).extracting(ParsedTask::actionNumber).containsExactly(1);
  }

  @Test
  void reportsLinesThatLookNumberedButCannotBeParsed() {
    PlanParseResult result =
        parse(
            ACTION_ONE,
            "1.任务一。（牵头单位：区发改委）",
            "2优化布局，缺了分隔符。（牵头单位：区发改委）",
            "（二全力推进乙行动。（专项行动牵头单位：区商务委）",
            "3)任务三。（牵头单位：区发改委）");

    assertThat(errors(result)).extracting(PlanProblem::line).containsExactly(8, 9, 10);
    assertThat(errors(result).get(0).message())
        .isEqualTo("第8行：疑似专项行动或任务的编号行无法解析：2优化布局，缺了分隔符。（牵头单位：区发改委） / "
            + "line 8: looks like a numbered action or task but cannot be parsed: 2优化布局，缺了分隔符。（牵头单位：区发改委）");
    assertThat(result.plan().tasks()).extracting(ParsedTask::number).containsExactly(1);
    assertThat(result.plan().actions()).hasSize(1);
  }

  @Test
  void warnsAboutStrayTextAndDoesNotGlueItToTheTask() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区发改委）", "这是一行无关的文字", "2.任务二。（牵头单位：区发改委）");

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.problems())
        .extracting(PlanProblem::severity, PlanProblem::line)
        .containsExactly(tuple(Severity.WARNING, 8));
    assertThat(result.plan().tasks().get(0).text()).isEqualTo("任务一。");
  }

  @Test
  void doesNotMistakeWrappedQuantitiesForTaskNumbers() {
    PlanParseResult result =
        parse(
            ACTION_ONE,
            "1.完成长滨路沿线4.8公里、",
            "2.3万平方米滨江区域治理，",
            "2万平方米绿地提升。（牵头单位：区住建委）",
            "2.10.5G基站建设，",
            "5G全景应用。（牵头单位：区大数据局）");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().tasks())
        .extracting(ParsedTask::number, ParsedTask::text)
        .containsExactly(
            tuple(1, "完成长滨路沿线4.8公里、2.3万平方米滨江区域治理，2万平方米绿地提升。"),
            tuple(2, "10.5G基站建设，5G全景应用。"));
  }

  @Test
  void readsATaskNumberFollowedByADecimalWhenItIsTheNumberDue() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区发改委）", "2.5G基站建设。（牵头单位：区大数据局）");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().tasks())
        .extracting(ParsedTask::number, ParsedTask::title)
        .containsExactly(tuple(1, "任务一"), tuple(2, "5G基站建设"));
  }

  @Test
  void readsActionNumeralsBeyondTenAndIgnoresTheSectionAfterTasks() {
    List<String> lines = new ArrayList<>();
    List<String> numerals = List.of("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二");
    for (int i = 1; i <= 12; i++) {
      String numeral = numerals.get(i - 1);
      lines.add("（" + numeral + "）全力推进第" + i + "项行动。（专项行动牵头单位：区发改委）");
      lines.add(i + ".任务" + i + "。（牵头单位：区发改委）");
    }
    PlanParseResult result = parse(lines.toArray(String[]::new));

    assertThat(result.problems()).isEmpty();
    List<Integer> oneToTwelve = IntStream.rangeClosed(1, 12).boxed().toList();
    assertThat(result.plan().actions()).extracting(ParsedAction::number).containsExactlyElementsOf(oneToTwelve);
    assertThat(result.plan().tasks()).extracting(ParsedTask::actionNumber).containsExactlyElementsOf(oneToTwelve);
    // "四、保障措施" with its own （一） follows the tasks in every generated plan.
    assertThat(result.plan().actions()).noneMatch(a -> a.title().contains("加强领导"));
  }

  @Test
  void reportsActionNumberGapsAndTasksBeforeAnyAction() {
    PlanParseResult result =
        parse(
            "1.任务一。（牵头单位：区发改委）",
            "（二）全力推进乙行动。（专项行动牵头单位：区商务委）",
            "2.任务二。（牵头单位：区商务委）");

    assertThat(errors(result))
        .extracting(PlanProblem::line, PlanProblem::message)
        .containsExactly(
            tuple(6, "第6行：任务1不属于任何专项行动 / line 6: task 1 precedes every action"),
            tuple(7, "第7行：专项行动编号应从1开始，本行是2 / line 7: action numbering should start at 1, this is 2"));
    assertThat(result.plan().tasks()).extracting(ParsedTask::actionNumber).containsExactly(0, 2);
  }

  @Test
  void warnsAboutDuplicatesAndAnUnclosedBracket() {
    PlanParseResult result =
        parse(ACTION_ONE, "1.任务一。（牵头单位：区发改委、区发改委，责任单位：区住建委、区住建委、区发改委");

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.problems())
        .extracting(PlanProblem::message)
        .containsExactlyInAnyOrder(
            "第7行：任务1的单位括号没有闭合 / line 7: task 1: unit bracket is not closed",
            "第7行：任务1：区发改委重复列出 / line 7: task 1: 区发改委 is listed twice",
            "第7行：任务1：区住建委重复列出 / line 7: task 1: 区住建委 is listed twice",
            "第7行：任务1：区发改委同时列为牵头单位和责任单位，只保留为牵头单位 / "
                + "line 7: task 1: 区发改委 is listed as both lead and responsible unit; kept as lead only");
    assertThat(result.plan().tasks().get(0).leadUnits()).containsExactly("区发改委");
    assertThat(result.plan().tasks().get(0).responsibleUnits()).containsExactly("区住建委");
  }

  @Test
  void reportsAMissingTaskSection() {
    PlanParseResult result = parser.parse("某某实施方案\n二、主要目标\n到2025年，产值达到10亿元。\n四、保障措施\n");

    assertThat(result.hasErrors()).isTrue();
    assertThat(errors(result)).extracting(PlanProblem::line).containsExactly(0);
    assertThat(errors(result).get(0).message()).contains("三、重点任务");
    assertThat(result.plan().targets()).hasSize(1);
  }

  @Test
  void readsTargetsWithOtherComparatorsAndTheirOwnYear() {
    PlanParseResult result =
        parser.parse(
            String.join(
                "\r\n",
                "某区行动",
                "实施方案",
                "二、发展目标",
                "到2030年，地区生产总值突破3000亿元、人均GDP达到20万元左右；城镇失业率控制在5%以内，",
                "能耗低于0.3吨，常住人口稳定在65万人，",
                "每千人口拥有3岁以下婴幼儿托位数4.5个，",
                "——民生。到2035年，参保率保持在95％",
                "——文化。新增3个博物馆。",
                "三、重点任务",
                ACTION_ONE,
                "1.任务一。（牵头单位：区发改委）"));

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().title()).isEqualTo("某区行动实施方案");
    assertThat(result.plan().targetYear()).isEqualTo(2030);
    assertThat(result.plan().targets())
        .extracting(
            ParsedTarget::description, // verbatim, while the unit of measure is normalised
            ParsedTarget::comparator,
            t -> t.value().toPlainString(),
            ParsedTarget::unitOfMeasure,
            ParsedTarget::targetYear,
            ParsedTarget::line)
        .containsExactly(
            tuple("地区生产总值突破3000亿元", TargetComparator.MORE_THAN, "3000", "亿元", 2030, 4),
            tuple("人均GDP达到20万元左右", TargetComparator.ABOUT, "20", "万元", 2030, 4),
            tuple("城镇失业率控制在5%以内", TargetComparator.AT_MOST, "5", "%", 2030, 4),
            tuple("能耗低于0.3吨", TargetComparator.LESS_THAN, "0.3", "吨", 2030, 5),
            tuple("常住人口稳定在65万人", TargetComparator.ABOUT, "65", "万人", 2030, 5),
            tuple("参保率保持在95％", TargetComparator.ABOUT, "95", "%", 2035, 7));
  }

  @Test
  void warnsWhenTitleAndTargetsAreMissing() {
    PlanParseResult result = parser.parse(String.join("\n", "三、重点任务", ACTION_ONE, "1.任务一。（牵头单位：区发改委）"));

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.problems()).extracting(PlanProblem::severity).containsOnly(Severity.WARNING).hasSize(2);
    assertThat(result.plan().title()).isNull();
    assertThat(result.plan().targetYear()).isNull();
    assertThat(result.plan().tasks()).hasSize(1);
  }

  /** A unit list of thousands of characters, with and without bracketed names, is read, not a stack overflow. */
  @Test
  void readsUnitBracketsOfThousandsOfCharacters() {
    String plain = String.join("、", IntStream.range(0, 800).mapToObj(i -> "区第" + i + "局").toList());
    String bracketed = String.join("、", IntStream.range(0, 400).mapToObj(i -> "区委第" + i + "部（区第" + i + "办）").toList());
    assertThat(plain.length()).isGreaterThan(5_000);
    assertThat(bracketed.length()).isGreaterThan(5_000);

    PlanParseResult result = parse(ACTION_ONE,
        "1.任务一。（牵头单位：区发改委，责任单位：" + plain + "）",
        "2.任务二。（牵头单位：区商务委，责任单位：" + bracketed + "）",
        "3.任务三。（牵头单位：" + plain,
        "4.任务四。（牵头单位：区发改委" + "（甲）".repeat(2_000) + "）");

    assertThat(result.plan().tasks()).hasSize(4);
    assertThat(result.plan().tasks().get(0).responsibleUnits()).hasSize(800).contains("区第799局");
    assertThat(result.plan().tasks().get(1).responsibleUnits()).hasSize(400).contains("区委第399部（区第399办）");
    assertThat(result.plan().tasks().get(2).leadUnits()).hasSize(800);
  }

  /**
   * A plan whose key-task section holds {@code taskSectionLines}, starting at line 6, followed by a
   * measures section that must be ignored.
   */
  private PlanParseResult parse(String... taskSectionLines) {
    List<String> lines =
        new ArrayList<>(List.of("某区某某专项", "行动实施方案", "二、主要目标", "到2025年，地区生产总值达到100亿元。", "三、重点任务"));
    lines.addAll(List.of(taskSectionLines));
    lines.addAll(List.of("四、保障措施", "（一）加强领导。各单位要加强领导。"));
    return parser.parse(String.join("\n", lines));
  }

  private static List<PlanProblem> errors(PlanParseResult result) {
    return result.problems().stream().filter(p -> p.severity() == Severity.ERROR).toList();
  }
}
