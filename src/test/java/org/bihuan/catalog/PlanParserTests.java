package org.bihuan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bihuan.catalog.PlanProblem.Severity;
import org.junit.jupiter.api.Test;

/** The reference plan, 渝中区“十项行动”实施方案 (2023), parsed end to end. */
class PlanParserTests {

  private static final String RESOURCE = "plans/yuzhong-ten-actions-2023.txt";

  private final String text = load();
  private final PlanParser parser = new PlanParser(new UnitNormalizer(Map.of("母城文化公司", "区母城文化公司")));
  private final PlanParseResult result = parser.parse(text);
  private final ParsedPlan plan = result.plan();

  @Test
  void readsTitleAndTargetYear() {
    assertThat(plan.title()).isEqualTo("渝中区全力推进成渝地区双城经济圈建设“十项行动”实施方案");
    assertThat(plan.targetYear()).isEqualTo(2027);
  }

  @Test
  void reportsNoErrorsAndOnlyTheDuplicateUnitOfTask52() {
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.WARNING);
              assertThat(p.line()).isEqualTo(100);
              assertThat(p.message()).startsWith("第100行：").contains("区卫健委", "line 100:");
            });
  }

  @Test
  void readsTheTenActionsWithTheirLeadUnits() {
    assertThat(plan.actions())
        .extracting(ParsedAction::number, ParsedAction::leadUnit, ParsedAction::line)
        .containsExactly(
            tuple(1, "区发改委", 38),
            tuple(2, "区住建委", 42),
            tuple(3, "区发改委", 49),
            tuple(4, "区科技局", 58),
            tuple(5, "区商务委", 65),
            tuple(6, "区生态环境局", 73),
            tuple(7, "区委改革办", 79),
            tuple(8, "区商务委", 87),
            tuple(9, "区发改委", 92),
            tuple(10, "区发改委", 96));
    assertThat(plan.actions().get(0).title()).isEqualTo("全力推进提升主城都市区极核引领行动");
    assertThat(plan.actions().get(9).title()).isEqualTo("全力推进高品质生活惠民富民行动");
  }

  @Test
  void readsFiftyFiveTasksNumberedConsecutively() {
    assertThat(plan.tasks())
        .extracting(ParsedTask::number)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 55).boxed().toList());
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.leadUnits()).isNotEmpty());
    assertThat(plan.tasks().get(0).line()).isEqualTo(39);
    assertThat(plan.tasks().get(54).line()).isEqualTo(103);
  }

  @Test
  void assignsEachTaskToTheActionAboveIt() {
    Map<Integer, List<Integer>> tasksByAction =
        plan.tasks().stream()
            .collect(
                Collectors.groupingBy(
                    ParsedTask::actionNumber, Collectors.mapping(ParsedTask::number, Collectors.toList())));
    assertThat(tasksByAction)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                1, range(1, 3),
                2, range(4, 9),
                3, range(10, 16),
                4, range(17, 22),
                5, range(23, 29),
                6, range(30, 34),
                7, range(35, 41),
                8, range(42, 45),
                9, range(46, 48),
                10, range(49, 55)));
  }

  @Test
  void readsTaskTitlesAndTextsWithoutTheUnitBracket() {
    assertThat(task(1).title()).isEqualTo("优化打造“一核三带六园区”功能布局");
    assertThat(task(1).text()).startsWith("优化打造“一核三带六园区”功能布局。推动重点板块").endsWith("巴蜀文化体验地。");
    assertThat(task(9).title())
        .isEqualTo("强化能源保障和城市基础设施建设，推进城市综合管网改造，优化公共服务设施布局，加大5G等新型基础设施建设");
    // First sentence longer than the limit: cut at a clause break and marked.
    assertThat(task(13).title()).isEqualTo("建设西部区域性专业服务中心，提升会计审计、设计咨询、人力资源等专业服务业企业集聚度、品牌知名度、服务辐射度…");
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.text()).doesNotContain("牵头单位", "责任单位"));
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.title().length()).isLessThanOrEqualTo(61));
  }

  @Test
  void readsLeadAndResponsibleUnits() {
    assertThat(task(22).leadUnits()).containsExactly("区经信委", "区卫健委");
    assertThat(task(22).responsibleUnits()).containsExactly("区人社局", "区科技局", "区大数据局");
    assertThat(task(15).leadUnits()).containsExactly("区住建委", "区交通局");
    assertThat(task(15).responsibleUnits()).isEmpty();
    assertThat(task(5).leadUnits()).containsExactly("菜园坝滨江新城建设指挥部");
    assertThat(task(1).responsibleUnits())
        .containsExactly(
            "区住建委",
            "CBD管委会",
            "历史街区管委会",
            "电子商务和创意产业园管委会",
            "数字经济产业园管委会",
            "化龙桥国际商务区开发建设委员会",
            "时代天街商圈管委会",
            "区康翔公司",
            "区城市更新公司",
            "区大健康公司",
            "区母城文化公司");
  }

  @Test
  void normalisesUnitNamesWrittenWithSpacesOrAliases() {
    // 25 writes "CBD 管委会", 23 writes the alias "母城文化公司等".
    assertThat(task(25).responsibleUnits()).contains("CBD管委会");
    assertThat(task(23).responsibleUnits()).contains("区母城文化公司").doesNotContain("母城文化公司");
    assertThat(plan.units())
        .extracting(ParsedUnit::name)
        .allSatisfy(n -> assertThat(n).doesNotContainPattern("\\s|等$"));
  }

  @Test
  void keepsAUnitListedAsLeadAndResponsibleOnlyAsLead() {
    assertThat(task(52).leadUnits()).containsExactly("区卫健委");
    assertThat(task(52).responsibleUnits()).containsExactly("区文旅委", "区民政局");
  }

  @Test
  void listsEveryDistinctUnitOnceInOrderOfFirstAppearance() {
    List<String> names = plan.units().stream().map(ParsedUnit::name).toList();
    assertThat(names).hasSize(46).doesNotHaveDuplicates().startsWith("区发改委", "区住建委", "CBD管委会");
    assertThat(names).last().isEqualTo("区应急局");
    List<String> named =
        plan.tasks().stream()
            .flatMap(t -> Stream.concat(t.leadUnits().stream(), t.responsibleUnits().stream()))
            .distinct()
            .toList();
    assertThat(names).containsAll(named);
  }

  @Test
  void classifiesUnits() {
    Map<UnitKind, List<String>> byKind =
        plan.units().stream()
            .collect(
                Collectors.groupingBy(
                    ParsedUnit::kind, Collectors.mapping(ParsedUnit::name, Collectors.toList())));
    assertThat(byKind.get(UnitKind.COLLECTIVE))
        .containsExactly("区级各产业部门", "各管委会", "各街道", "各相关部门", "各街道办事处", "区级有关部门", "区属各国有企业");
    assertThat(byKind.get(UnitKind.COMMITTEE))
        .containsExactly(
            "CBD管委会",
            "历史街区管委会",
            "电子商务和创意产业园管委会",
            "数字经济产业园管委会",
            "化龙桥国际商务区开发建设委员会",
            "时代天街商圈管委会",
            "菜园坝滨江新城建设指挥部");
    assertThat(byKind.get(UnitKind.COMPANY))
        .containsExactly("区康翔公司", "区城市更新公司", "区大健康公司", "区母城文化公司", "渝商发公司");
    assertThat(byKind.get(UnitKind.STREET)).containsExactly("菜园坝街道");
    assertThat(byKind.get(UnitKind.ASSOCIATION)).containsExactly("区工商联");
    assertThat(byKind.get(UnitKind.DEPARTMENT)).hasSize(25).contains("区发改委", "区委改革办", "区政府外办", "区委政法委");
  }

  @Test
  void withoutTheAliasBothSpellingsOfTheCompanyAreUnits() {
    ParsedPlan raw = new PlanParser(new UnitNormalizer(Map.of())).parse(text).plan();
    assertThat(raw.units()).hasSize(47).extracting(ParsedUnit::name).contains("区母城文化公司", "母城文化公司");
  }

  @Test
  void readsTheQuantitativeMainTargets() {
    assertThat(plan.targets())
        .extracting(
            ParsedTarget::code,
            ParsedTarget::description,
            ParsedTarget::comparator,
            t -> t.value().toPlainString(),
            ParsedTarget::unitOfMeasure,
            ParsedTarget::line)
        .containsExactly(
            tuple("T01", "地区生产总值迈上2100亿元台阶", TargetComparator.AT_LEAST, "2100", "亿元", 28),
            tuple("T02", "地均生产总值突破100亿元", TargetComparator.MORE_THAN, "100", "亿元", 28),
            tuple("T03", "人均地区生产总值达到33万元左右", TargetComparator.ABOUT, "33", "万元", 28),
            tuple("T04", "现代服务业增加值占GDP比重提高到75%以上", TargetComparator.AT_LEAST, "75", "%", 31),
            tuple("T05", "民营经济增加值占GDP比重超过45%", TargetComparator.MORE_THAN, "45", "%", 31),
            tuple("T06", "全社会研发经费投入年均增长15%以上", TargetComparator.AT_LEAST, "15", "%", 32),
            tuple("T07", "进出口总额达100亿元", TargetComparator.AT_LEAST, "100", "亿元", 32),
            tuple("T08", "实际使用外资达1.5亿美元", TargetComparator.AT_LEAST, "1.5", "亿美元", 32),
            tuple("T09", "全区空气质量优良天数每年稳定在305天左右", TargetComparator.ABOUT, "305", "天", 33),
            tuple("T10", "绿化覆盖率保持40%以上", TargetComparator.AT_LEAST, "40", "%", 33),
            tuple("T11", "年均新增就业4万人以上", TargetComparator.AT_LEAST, "4", "万人", 35),
            tuple("T12", "城镇调查失业率保持在5.5%左右", TargetComparator.ABOUT, "5.5", "%", 35),
            tuple("T13", "基本养老、医疗保险参保率稳定在95%以上", TargetComparator.AT_LEAST, "95", "%", 35),
            tuple("T14", "每千人口拥有3岁以下婴幼儿托位数超4.5个", TargetComparator.MORE_THAN, "4.5", "个", 35),
            tuple("T15", "群众安全感达98%", TargetComparator.AT_LEAST, "98", "%", 35));
    assertThat(plan.targets()).allSatisfy(t -> assertThat(t.targetYear()).isEqualTo(2027));
  }

  @Test
  void isStatelessAcrossParses() {
    assertThat(parser.parse(text)).isEqualTo(result);
  }

  private ParsedTask task(int number) {
    return plan.tasks().stream().filter(t -> t.number() == number).findFirst().orElseThrow();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static String load() {
    try (InputStream in = PlanParserTests.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
