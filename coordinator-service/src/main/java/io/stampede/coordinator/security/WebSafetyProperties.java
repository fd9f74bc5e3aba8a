package io.stampede.coordinator.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.coordinator.allowed-hosts} and {@code stampede.coordinator.login.*};
 * defaults in application.yaml.
 *
 * @param allowedHosts comma-separated host names accepted in {@code Host} besides the loopback names and the bound
 *                     address ({@code --allowed-hosts}); {@code *} accepts any
 * @param login        failed-login throttling
 */
@ConfigurationProperties("stampede.coordinator")
public record WebSafetyProperties(String allowedHosts, Login login) {

    /**
     * @param maxFailures   failed logins one client address may have within the window
     * @param failureWindow how long a failure counts
     */
    public record Login(int maxFailures, Duration failureWindow) {
    }
}
