package org.bihuan.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo identities. Only the demo profile switches them on.
 *
 * @param usersEnabled create one demo user per role and unit after each catalogue import
 * @param password the password of every demo user
 */
@ConfigurationProperties("bihuan.demo")
public record DemoProperties(@DefaultValue("false") boolean usersEnabled, @DefaultValue("demo") String password) {}
