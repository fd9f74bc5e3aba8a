package io.stampede.coordinator.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;

import io.stampede.coordinator.config.CoordinatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Secure by default: on loopback the UI/API are open (only this machine reaches them);
 * bound to any other address they require HTTP basic auth, with the --web-auth credentials or
 * a generated password logged once, unless stampede.coordinator.web-auth-disabled says otherwise. /actuator/health stays open for probes either way.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class WebSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebSecurityConfiguration.class);
    static final String DEFAULT_USER = "stampede";

    @Bean
    WebAccess webAccess(@Value("${server.address:}") String address, CoordinatorProperties properties) {
        boolean open = isLoopback(address);
        String auth = properties.webAuth();
        if (open) {
            log.info("Web UI/API on loopback address {}: no authentication", address);
            return new WebAccess(false, null, null);
        }
        if (properties.webAuthDisabled()) {
            log.warn("Web UI/API on {} WITHOUT authentication (stampede.coordinator.web-auth-disabled): anyone who "
                    + "reaches this port can start and stop runs", address.isEmpty() ? "all interfaces" : address);
            return new WebAccess(false, null, null);
        }
        if (auth != null && !auth.isBlank()) {
            int colon = auth.indexOf(':');
            log.info("Web UI/API on {}: basic auth as user '{}' (--web-auth)", address.isEmpty() ? "all interfaces" : address,
                    auth.substring(0, colon));
            return new WebAccess(true, auth.substring(0, colon), auth.substring(colon + 1));
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        log.warn("Web UI/API on {} require basic auth: user '{}', generated password: {} "
                        + "(choose your own with --web-auth USER:PASS)", address.isEmpty() ? "all interfaces" : address,
                DEFAULT_USER, password);
        return new WebAccess(true, DEFAULT_USER, password);
    }

    @Bean
    MapReactiveUserDetailsService userDetailsService(WebAccess access) {
        // Always defined, so Spring Boot never generates (and logs) a password of its own.
        String user = access.required() ? access.user() : DEFAULT_USER;
        String password = access.required() ? access.password() : randomUnusable();
        return new MapReactiveUserDetailsService(
                User.withUsername(user).password("{noop}" + password).roles("USER").build());
    }

    @Bean
    SecurityWebFilterChain webFilterChain(ServerHttpSecurity http, WebAccess access) {
        // Locust's API is called by scripts with plain forms: no CSRF tokens, no sessions.
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable);
        if (!access.required()) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll())
                    .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .build();
        }
        return http.authorizeExchange(e -> e
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyExchange().authenticated())
                .httpBasic(b -> { })
                .build();
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String randomUnusable() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    /** Whether the UI/API need credentials, and which. */
    public record WebAccess(boolean required, String user, String password) {
    }
}
