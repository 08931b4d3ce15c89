package org.bihuan.catalog;

import java.math.BigDecimal;

/**
 * A quantitative main target (主要目标), e.g. {@code 地区生产总值迈上2100亿元台阶}.
 *
 * @param code          {@code T01}, {@code T02}, … in order of appearance
 * @param description   the clause stating the target, up to and including its value
 * @param unitOfMeasure e.g. {@code 亿元}, {@code %}, {@code 万人}
 * @param comparator    how the actual figure must relate to {@code value}
 * @param value         the number as written
 * @param targetYear    the year named by the nearest preceding "到YYYY年", or {@code null}
 * @param line          1-based line holding the value
 */
public record ParsedTarget(String code, String description, String unitOfMeasure, TargetComparator comparator,
    BigDecimal value, Integer targetYear, int line) {
}
