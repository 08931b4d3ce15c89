package org.bihuan.catalog;

/**
 * The kind of a unit (单位类型), derived from its name by {@link UnitNormalizer#kindOf(String)}.
 */
public enum UnitKind {
  /** A government department (部门), e.g. 区发改委, 区交通局, 区金融办, 区委改革办. */
  DEPARTMENT,
  /** A management committee or headquarters (管委会 / 委员会 / 指挥部), e.g. CBD管委会. */
  COMMITTEE,
  /** A (state-owned) company (公司), e.g. 区城市更新公司. */
  COMPANY,
  /** A sub-district office (街道), e.g. 菜园坝街道. */
  STREET,
  /** A people's organisation or association (群团组织 / 协会), e.g. 区工商联. */
  ASSOCIATION,
  /**
   * Not one unit but a group (泛指), e.g. 区级有关部门, 各街道; it must be resolved to real units before
   * anything can be assigned to it.
   */
  COLLECTIVE
}
