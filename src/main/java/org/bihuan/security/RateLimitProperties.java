package org.bihuan.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request rate limits on {@code /api} and {@code /engine-rest} (token buckets: a client may send
 * {@code capacity} requests at once and {@code perSecond} more each second). Each node keeps its own
 * buckets in memory, so with n nodes behind a load balancer a client gets up to n times the limit.
 * The address is the one the application sees: behind an ingress, set
 * {@code server.forward-headers-strategy} or every client shares the ingress's address.
 *
 * @param enabled off only for benchmarks that measure the application, not the limiter
 * @param perUserCapacity requests one authenticated user may send at once; well above what a person or
 *     an integration needs, well below what it takes to fill the connection pool's queue (200 concurrent
 *     task queries of one user left every other request waiting for the pool before limits existed)
 * @param perUserPerSecond sustained requests per second of one user
 * @param perAddressCapacity requests one client address may send at once (authenticated or not); higher
 *     than a user's, since several users may share an address
 * @param perAddressPerSecond sustained requests per second of one address
 * @param users other limits for named users, e.g. an integration account that legitimately sends more
 * @param maxTrackedClients buckets kept in memory at most; the least recently used go first (a client
 *     whose bucket was dropped starts full again)
 */
@Validated
@ConfigurationProperties("bihuan.security.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("30") @Min(1) long perUserCapacity,
    @DefaultValue("10") @Min(1) long perUserPerSecond,
    @DefaultValue("200") @Min(1) long perAddressCapacity,
    @DefaultValue("50") @Min(1) long perAddressPerSecond,
    @NotNull @DefaultValue Map<String, @Valid Limit> users,
    @DefaultValue("100000") @Min(100) int maxTrackedClients) {

  /** One token bucket: {@code capacity} at once, {@code perSecond} refilled each second. */
  public record Limit(@Min(1) long capacity, @Min(1) long perSecond) {}

  Limit userLimit(String user) {
    return users.getOrDefault(user, new Limit(perUserCapacity, perUserPerSecond));
  }

  Limit addressLimit() {
    return new Limit(perAddressCapacity, perAddressPerSecond);
  }
}
