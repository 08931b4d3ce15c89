package org.bihuan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitNormalizerTests {

  private final UnitNormalizer normalizer =
      new UnitNormalizer(Map.of("母城文化公司", "区母城文化公司", "CBD 管委会", "解放碑CBD管委会"));
  private final UnitNormalizer plain = new UnitNormalizer(Map.of());

  @Test
  void removesEveryKindOfWhitespace() {
    assertThat(plain.normalize("CBD 管委会")).isEqualTo("CBD管委会");
    assertThat(plain.normalize("CBD\u3000管委会")).isEqualTo("CBD管委会");
    assertThat(plain.normalize(" 区\u00A0发改委\t")).isEqualTo("区发改委");
    assertThat(plain.normalize("区\u200B商务委\n")).isEqualTo("区商务委");
  }

  @Test
  void dropsATrailingDeng() {
    assertThat(plain.normalize("区住建委等")).isEqualTo("区住建委");
    assertThat(plain.normalize("区级有关部门 等 ")).isEqualTo("区级有关部门");
    assertThat(plain.normalize("等")).isEmpty();
    assertThat(plain.normalize("平等促进会")).isEqualTo("平等促进会");
  }

  @Test
  void makesFullWidthLettersAndDigitsHalfWidth() {
    assertThat(plain.normalize("ＣＢＤ管委会")).isEqualTo("CBD管委会");
    assertThat(plain.normalize("第２中心")).isEqualTo("第2中心");
  }

  @Test
  void appliesAliasesAfterCleaningBothSides() {
    assertThat(normalizer.normalize("母城文化公司等")).isEqualTo("区母城文化公司");
    assertThat(normalizer.normalize("母城 文化公司")).isEqualTo("区母城文化公司");
    assertThat(normalizer.normalize("CBD管委会")).isEqualTo("解放碑CBD管委会");
    assertThat(normalizer.normalize("区母城文化公司")).isEqualTo("区母城文化公司");
    // Whole names only: an alias is not a substring replacement.
    assertThat(normalizer.normalize("新母城文化公司")).isEqualTo("新母城文化公司");
  }

  @Test
  void leavesEmptyInputEmpty() {
    assertThat(plain.normalize("")).isEmpty();
    assertThat(plain.normalize(" \u3000 ")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "区发改委, DEPARTMENT",
    "区委改革办, DEPARTMENT",
    "区政府外办, DEPARTMENT",
    "区机关事务管理局, DEPARTMENT",
    "区委政法委, DEPARTMENT",
    "CBD管委会, COMMITTEE",
    "化龙桥国际商务区开发建设委员会, COMMITTEE",
    "菜园坝滨江新城建设指挥部, COMMITTEE",
    "区城市更新公司, COMPANY",
    "渝商发公司, COMPANY",
    "菜园坝街道, STREET",
    "解放碑街道办事处, STREET",
    "区工商联, ASSOCIATION",
    "区科协, ASSOCIATION",
    "区级有关部门, COLLECTIVE",
    "区级各产业部门, COLLECTIVE",
    "各管委会, COLLECTIVE",
    "各街道, COLLECTIVE",
    "各街道办事处, COLLECTIVE",
    "各相关部门, COLLECTIVE",
    "区属各国有企业, COLLECTIVE",
    "某个新机构, DEPARTMENT"
  })
  void classifiesByName(String name, UnitKind kind) {
    assertThat(plain.kindOf(name)).isEqualTo(kind);
  }
}
