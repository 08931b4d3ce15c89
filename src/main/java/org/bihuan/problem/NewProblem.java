package org.bihuan.problem;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A problem as filed by a person (REST, Tasklist form) or a department's system.
 *
 * @param reporterUnit code of the filing unit (see {@code GET /api/catalog/units})
 * @param sourceRef the filer's own reference, unique per source; filing it twice is refused
 */
public record NewProblem(
    @NotBlank(message = "标题不能为空 / title must not be blank")
        @Size(max = 200, message = "标题不能超过200字 / title must be at most 200 characters")
        String title,
    @NotBlank(message = "问题描述不能为空 / description must not be blank")
        @Size(max = 4000, message = "问题描述不能超过4000字 / description must be at most 4000 characters")
        String description,
    @Positive(message = "专项行动编号须为正整数 / actionNumber must be positive") Integer actionNumber,
    @Positive(message = "任务编号须为正整数 / taskNumber must be positive") Integer taskNumber,
    @Size(max = 64, message = "单位编码过长 / reporterUnit is too long") String reporterUnit,
    Category suggestedCategory,
    @Size(max = 200, message = "来源编号不能超过200字 / sourceRef must be at most 200 characters") String sourceRef) {}
