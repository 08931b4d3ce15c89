package org.bihuan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;

/**
 * The start-up guard outside the demo, run against the tests' database (which the demo users
 * live in): demo users are recognised by a marker their owners cannot edit, and every user's
 * password is compared with the demo password without counting a failed login.
 */
@BihuanTest
class DefaultCredentialsGuardIT {

  @Autowired IdentityService identity;
  @Autowired ProcessEngine engine;

  @Test
  void recognisesDemoUsersWhoChangedTheirEmail() {
    Map<String, String> emails = new HashMap<>();
    for (User user : identity.createUserQuery().list()) {
      emails.put(user.getId(), user.getEmail());
      user.setEmail(user.getId() + "@gov.example"); // what every user may do on their own profile
      identity.saveUser(user);
    }
    try {
      assertThatThrownBy(guard()::afterSingletonsInstantiated)
          .hasMessageContaining("拒绝在非演示模式下启动")
          .hasMessageContaining("demo users exist");
    } finally {
      emails.forEach((id, email) -> {
        User user = identity.createUserQuery().userId(id).singleResult();
        user.setEmail(email);
        identity.saveUser(user);
      });
    }
  }

  @Test
  void findsEveryUserWithTheDemoPasswordWithoutCountingFailedLogins() {
    user("ops-lee", "demo");
    user("ops-wang", "Kx7-long-enough-secret");
    int lee = attempts("ops-lee");
    int wang = attempts("ops-wang");

    assertThatThrownBy(guard()::afterSingletonsInstantiated)
        .hasMessageContaining("ops-lee")
        .hasMessageContaining("admin")
        .hasMessageNotContaining("ops-wang");

    assertThat(attempts("ops-lee")).isEqualTo(lee);
    assertThat(attempts("ops-wang")).as("a mismatch is no failed login").isEqualTo(wang);
  }

  private DefaultCredentialsGuard guard() {
    return new DefaultCredentialsGuard(identity, new MockEnvironment(),
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
  }

  private void user(String id, String password) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setEmail(id + "@gov.example");
      user.setPassword(password);
      identity.saveUser(user);
    }
  }

  private int attempts(String id) {
    return ((UserEntity) identity.createUserQuery().userId(id).singleResult()).getAttempts();
  }
}
