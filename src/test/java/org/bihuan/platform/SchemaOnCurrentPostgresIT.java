package org.bihuan.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Bihuan's migrations on the newest PostgreSQL major version. Needs Docker; skipped where there
 * is none (the rest of the suite runs on PostgreSQL 15 there).
 */
@Testcontainers(disabledWithoutDocker = true)
class SchemaOnCurrentPostgresIT {

  @Container static final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17-alpine");

  @Test
  void migratesSchemaBihuanFromScratch() {
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());

    var result = Flyway.configure().dataSource(dataSource).schemas("bihuan").defaultSchema("bihuan").load().migrate();

    assertThat(result.success).isTrue();
    assertThat(JdbcClient.create(dataSource)
            .sql("select count(*) from information_schema.tables where table_schema = 'bihuan'")
            .query(Long.class).single())
        .isGreaterThanOrEqualTo(12);
  }
}
