package org.bihuan.security;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The actor of the current request, from Spring Security's context. */
@Component
public class Actors {

  /** The authenticated actor; {@code null} outside an authenticated request. */
  public Actor current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
        || "anonymousUser".equals(authentication.getName())) {
      return null;
    }
    List<String> groups =
        authentication.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith(CamundaIdentityAuthenticationProvider.GROUP_PREFIX))
            .map(a -> a.substring(CamundaIdentityAuthenticationProvider.GROUP_PREFIX.length()))
            .toList();
    return new Actor(authentication.getName(), groups);
  }
}
