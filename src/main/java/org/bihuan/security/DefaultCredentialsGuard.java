package org.bihuan.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bihuan.identity.Groups;
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
 * Outside the demo profile Bihuan refuses to start while default credentials exist: demo users
 * (members of {@link Groups#DEMO_USERS}), any user whose password is the demo password, the demo
 * switch, or an admin user configured with a well-known password. The message says which and what
 * to do.
 */
@Component
@Profile("!demo")
class DefaultCredentialsGuard implements SmartInitializingSingleton {

  /** How many users are read per query when every password is compared. */
  private static final int PAGE = 500;
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
   * Every user whose stored salted hash matches {@code password}, outside the demo-user group
   * (reported on its own). Compares the hashes directly: {@code IdentityService.checkPassword} would
   * count each mismatch as a failed login and, over restarts, lock real users out.
   */
  List<String> usersWithPassword(String password) {
    Set<String> demo = new java.util.HashSet<>();
    identity.createUserQuery().memberOfGroup(Groups.DEMO_USERS).list().forEach(u -> demo.add(u.getId()));
    List<String> found = new ArrayList<>();
    long total = identity.createUserQuery().count();
    for (int first = 0; first < total; first += PAGE) {
      for (User user : identity.createUserQuery().orderByUserId().asc().listPage(first, PAGE)) {
        if (!demo.contains(user.getId()) && user instanceof UserEntity entity && entity.getPassword() != null
            && engineConfiguration.getPasswordManager()
                .check(EncryptionUtil.saltPassword(password, entity.getSalt()), entity.getPassword())) {
          found.add(user.getId());
        }
      }
    }
    return found;
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
    // the marker is a group membership, which only operators change (an e-mail address is the user's own)
    long demoUsers = identity.createUserQuery().memberOfGroup(Groups.DEMO_USERS).count();
    if (demoUsers > 0) {
      findings.add(demoUsers + " demo users exist in the database (members of " + Groups.DEMO_USERS + ", e.g. "
          + String.join(", ", identity.createUserQuery().memberOfGroup(Groups.DEMO_USERS).listPage(0, 5).stream()
              .map(User::getId).toList())
          + "); delete them in Admin or use a database the demo never ran on");
    }
    List<String> withDemoPassword = usersWithPassword(environment.getProperty("bihuan.demo.password", "demo"));
    if (!withDemoPassword.isEmpty()) {
      findings.add("users with the demo password: " + String.join(", ", withDemoPassword.subList(0,
          Math.min(20, withDemoPassword.size()))) + (withDemoPassword.size() > 20 ? " …" : "")
          + " (" + withDemoPassword.size() + "); change their passwords in Admin or delete the users");
    }
    if (!findings.isEmpty()) {
      throw new IllegalStateException(
          "存在默认账号或默认口令，拒绝在非演示模式下启动 / Refusing to start without the demo profile while default "
              + "credentials exist:\n - " + String.join("\n - ", findings));
    }
  }
}
