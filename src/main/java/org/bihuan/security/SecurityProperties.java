package org.bihuan.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Security limits.
 *
 * @param maxRequestBytes largest request body accepted by {@code /api} and {@code /engine-rest}
 */
@Validated
@ConfigurationProperties("bihuan.security")
public record SecurityProperties(@DefaultValue("1048576") @Min(1024) long maxRequestBytes) {}
