package org.bihuan.supervision;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Staged supervision (督办) of every user task; defaults in application.yaml.
 *
 * @param warningShare share of a task's limit, in office time, after which it turns yellow and a
 *     reminder (催办) goes out (two thirds by default)
 * @param listingAfterDays working days after the limit at which a still open task has its problem
 *     listed by the leading group (挂牌督办)
 */
@Validated
@ConfigurationProperties("bihuan.supervision")
public record SupervisionProperties(
    @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) double warningShare,
    @Min(1) int listingAfterDays) {}
