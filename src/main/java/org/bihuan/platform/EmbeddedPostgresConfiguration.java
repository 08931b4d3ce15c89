package org.bihuan.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Embedded default database: a real PostgreSQL started from the zonky binaries when the operator
 * configured no {@code spring.datasource.url}. Production always configures a URL, which switches
 * this off; see docs/adr/0002-embedded-defaults.md.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "'${spring.datasource.url:}'.isEmpty() and ${bihuan.embedded-postgres.enabled:true}")
class EmbeddedPostgresConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
    Files.createDirectories(properties.dataDirectory());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(properties.port())
            .setDataDirectory(properties.dataDirectory())
            // keep the demo's data between runs; initdb runs only on an empty directory
            .setCleanDataDirectory(false)
            // Spring closes it after the engine; zonky's own JVM hook would race Spring's shutdown
            .setRegisterShutdownHook(false)
            // the first start unpacks the binaries; give slow 2-core machines time
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    createDatabaseIfMissing(postgres, properties.database());
    log.info(
        "Embedded PostgreSQL on 127.0.0.1:{} (data in {}); set spring.datasource.url to use your own",
        properties.port(),
        properties.dataDirectory());
    return postgres;
  }

  @Bean
  @Primary
  DataSource dataSource(EmbeddedPostgres postgres, EmbeddedPostgresProperties properties) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", properties.database()));
    // as spring.datasource.hikari.data-source-properties in application.yaml
    dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
    dataSource.setUsername("postgres");
    dataSource.setPoolName("bihuan-embedded");
    return dataSource;
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      var exists =
          statement.executeQuery(
              "select 1 from pg_database where datname = '" + database.replace("'", "''") + "'");
      if (!exists.next()) {
        statement.execute("create database \"" + database.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + database + " in embedded PostgreSQL", e);
    }
  }
}
