package org.bihuan.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks user name and password against Camunda's identity service, so the API, {@code
 * /engine-rest} and the webapps share one user base with salted SHA-512 password hashes and
 * Camunda's login throttling. Each Camunda group becomes an authority {@code GROUP_<id>}.
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  static final String GROUP_PREFIX = "GROUP_";

  private final IdentityService identity;

  CamundaIdentityAuthenticationProvider(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String user = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (user == null || credentials == null || !identity.checkPassword(user, credentials.toString())) {
      throw new BadCredentialsException("用户名或密码错误 / bad credentials");
    }
    List<SimpleGrantedAuthority> authorities =
        identity.createGroupQuery().groupMember(user).list().stream()
            .map(Group::getId)
            .map(id -> new SimpleGrantedAuthority(GROUP_PREFIX + id))
            .toList();
    return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
  }

  @Override
  public boolean supports(Class<?> type) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
  }
}
