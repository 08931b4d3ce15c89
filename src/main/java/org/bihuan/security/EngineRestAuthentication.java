package org.bihuan.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the Spring Security principal of an {@code /engine-rest} request to Camunda, so that the
 * engine's authorizations apply to it and its user operation log names the user — what Camunda's
 * own {@code ProcessEngineAuthenticationFilter} does for its Basic provider.
 */
class EngineRestAuthentication extends OncePerRequestFilter {

  private final IdentityService identity;

  EngineRestAuthentication(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/engine-rest");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      chain.doFilter(request, response);
      return;
    }
    var groups =
        authentication.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .filter(a -> a.startsWith(CamundaIdentityAuthenticationProvider.GROUP_PREFIX))
            .map(a -> a.substring(CamundaIdentityAuthenticationProvider.GROUP_PREFIX.length()))
            .toList();
    identity.setAuthentication(authentication.getName(), groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }
}
