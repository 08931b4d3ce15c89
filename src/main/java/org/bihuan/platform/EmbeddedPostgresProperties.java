package org.bihuan.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The PostgreSQL that Bihuan starts for itself when no {@code spring.datasource.url} is configured:
 * real PostgreSQL binaries from Maven Central (zonky), kept in {@code dataDirectory} between runs.
 *
 * @param passwordFile the superuser's generated password (owner-only); defaults to {@code
 *     postgres.password} next to {@code dataDirectory}
 */
@Validated
@ConfigurationProperties("bihuan.embedded-postgres")
public record EmbeddedPostgresProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("15432") @Min(1024) @Max(65535) int port,
    @NotNull Path dataDirectory,
    @DefaultValue("bihuan") @NotBlank String database,
    Path passwordFile) {

  public EmbeddedPostgresProperties {
    if (passwordFile == null && dataDirectory != null) {
      passwordFile = dataDirectory.toAbsolutePath().resolveSibling("postgres.password");
    }
  }
}
