package org.bihuan.loop;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Time limit of each stage (时限). Calendar time for now; working days come with supervision (督办). */
@Validated
@ConfigurationProperties("bihuan.deadlines")
public record DeadlineProperties(
    @NotNull Duration triage,
    @NotNull Duration provideInformation,
    @NotNull Duration analysis,
    @NotNull Duration policyDraft,
    @NotNull Duration policyApproval,
    @NotNull Duration resolution,
    @NotNull Duration verification,
    @NotNull Duration closure,
    @NotNull Duration escalation,
    @NotNull Duration extension) {}
