package org.bihuan.loop;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * 回头看 — which closed problems are re-inspected, and when.
 *
 * @param share the share of closed problems drawn, 0 (none) to 1 (all)
 * @param seed the draw's seed: the same seed draws the same problems, so a sample can be audited
 *     and reproduced; change it to draw a different sample
 * @param delayWorkingDays working days from the end of 回访 to the re-inspection
 */
@Validated
@ConfigurationProperties("bihuan.reinspection")
public record ReinspectionProperties(
    @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double share,
    @NotNull String seed,
    @NotNull @Min(1) Integer delayWorkingDays) {}
