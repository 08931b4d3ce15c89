package org.bihuan.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile Bihuan refuses to start while default credentials exist: demo users,
 * the demo switch, or an admin user configured with a well-known password. The message says which
 * and what to do.
 */
@Component
@Profile("!demo")
class DefaultCredentialsGuard implements SmartInitializingSingleton {

  static final String DEMO_EMAIL_DOMAIN = "@demo.bihuan.local";
  private static final Set<String> WELL_KNOWN_PASSWORDS =
      Set.of("demo", "admin", "camunda", "password", "123456", "changeme");

  private final IdentityService identity;
  private final Environment environment;
  private final ProcessEngineConfigurationImpl engineConfiguration;

  DefaultCredentialsGuard(IdentityService identity, Environment environment,
      ProcessEngineConfigurationImpl engineConfiguration) {
    this.identity = identity;
    this.environment = environment;
    this.engineConfiguration = engineConfiguration;
  }

  /**
   * Compares with the stored salted hash directly: {@code IdentityService.checkPassword} would count
   * a failed login and, over restarts, lock a real admin out.
   */
  private boolean hasPassword(String userId, String password) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (!(user instanceof UserEntity entity) || entity.getPassword() == null) {
      return false;
    }
    return engineConfiguration.getPasswordManager()
        .check(EncryptionUtil.saltPassword(password, entity.getSalt()), entity.getPassword());
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> findings = new ArrayList<>();
    if (environment.getProperty("bihuan.demo.users-enabled", Boolean.class, false)) {
      findings.add("bihuan.demo.users-enabled=true creates demo users with a shared password; remove it");
    }
    if (!environment.getProperty("bihuan.events.require-signatures", Boolean.class, true)) {
      findings.add("bihuan.events.require-signatures=false accepts events from any unit that can write to Kafka");
    }
    if (environment.getProperty("bihuan.events.embedded-broker", Boolean.class, false)
        && environment.getProperty("spring.kafka.bootstrap-servers", "").isBlank()) {
      findings.add("bihuan.events.embedded-broker=true starts an unauthenticated Kafka broker; set spring.kafka.bootstrap-servers");
    }
    String adminId = environment.getProperty("camunda.bpm.admin-user.id");
    String adminPassword = environment.getProperty("camunda.bpm.admin-user.password");
    if (adminId != null && (adminPassword == null || WELL_KNOWN_PASSWORDS.contains(adminPassword.toLowerCase())
        || adminPassword.equals(adminId) || adminPassword.length() < 12)) {
      findings.add("camunda.bpm.admin-user.password is a default or shorter than 12 characters; "
          + "set it from a secret (CAMUNDA_BPM_ADMINUSER_PASSWORD)");
    }
    List<String> demoUsers =
        identity.createUserQuery().userEmailLike("%" + DEMO_EMAIL_DOMAIN).listPage(0, 5).stream().map(User::getId).toList();
    if (!demoUsers.isEmpty()) {
      findings.add("demo users exist in the database (e.g. " + String.join(", ", demoUsers)
          + "); delete them in Admin or use a database the demo never ran on");
    }
    if (hasPassword("admin", "demo")) {
      findings.add("user admin still has the demo password; change it in Admin or delete the user");
    }
    if (!findings.isEmpty()) {
      throw new IllegalStateException(
          "存在默认账号或默认口令，拒绝在非演示模式下启动 / Refusing to start without the demo profile while default "
              + "credentials exist:\n - " + String.join("\n - ", findings));
    }
  }
}
