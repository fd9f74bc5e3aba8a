package io.stampede.coordinator.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.stampede.coordinator.api.Refusal;
import io.stampede.coordinator.config.CoordinatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpBasicServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Secure by default: on loopback the UI/API are open (only this machine reaches them);
 * bound to any other address they require HTTP basic auth, with the --web-auth credentials or
 * a generated password logged once, unless stampede.coordinator.web-auth-disabled says otherwise. /actuator/health stays open for probes either way.
 * Either way other web sites are kept out ({@link BrowserSafety}), the pages get a
 * {@link ContentSecurityPolicy}, and failed logins are throttled per client ({@link LoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(WebSafetyProperties.class)
public class WebSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebSecurityConfiguration.class);
    static final String DEFAULT_USER = "stampede";
    /** Always accepted in Host: the names of this machine's loopback interface. */
    static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

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
        String password = randomSecret();
        log.warn("Web UI/API on {} require basic auth: user '{}', generated password: {} "
                        + "(choose your own with --web-auth USER:PASS)", address.isEmpty() ? "all interfaces" : address,
                DEFAULT_USER, password);
        return new WebAccess(true, DEFAULT_USER, password);
    }

    /**
     * Checks basic-auth credentials against a SHA-256 digest computed once, in constant time.
     * Spring's default (a user details service and a delegating password encoder, on a worker
     * pool) costs a thread hop and a password check per request; the credentials are one fixed
     * pair, so one digest comparison is all a request needs. Being a bean, it also stops Spring
     * Boot from generating (and logging) a password of its own.
     */
    @Bean
    ReactiveAuthenticationManager credentials(WebAccess access) {
        byte[] expected = digest(access.required() ? access.user() : DEFAULT_USER,
                access.required() ? access.password() : randomSecret());
        return authentication -> {
            Object password = authentication.getCredentials();
            if (password != null && MessageDigest.isEqual(expected, digest(authentication.getName(), password.toString()))) {
                return Mono.just(UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
                        List.of(new SimpleGrantedAuthority("ROLE_USER"))));
            }
            return Mono.error(new BadCredentialsException("Invalid Credentials"));
        };
    }

    @Bean
    WebFilter browserSafety(@Value("${server.address:}") String address, WebSafetyProperties properties) {
        Set<String> hosts = new LinkedHashSet<>(LOOPBACK_NAMES);
        if (!address.isBlank() && !isWildcard(address)) {
            hosts.add(BrowserSafety.normalize(address));
        }
        if (properties.allowedHosts() != null) {
            for (String host : properties.allowedHosts().split(",")) {
                if (!host.isBlank()) {
                    hosts.add(BrowserSafety.normalize(host));
                }
            }
        }
        log.info("Web UI/API accept the host names {}", hosts.contains(BrowserSafety.ANY_HOST) ? "(any)" : hosts);
        return new BrowserSafety(hosts);
    }

    @Bean
    SecurityWebFilterChain webFilterChain(ServerHttpSecurity http, WebAccess access, WebSafetyProperties properties,
                                          ReactiveAuthenticationManager credentials) {
        // Locust's API is called by scripts with plain forms: no CSRF tokens, no sessions.
        // BrowserSafety keeps cross-site requests out instead.
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.forUi()))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter
                                        .ReferrerPolicy.SAME_ORIGIN)));
        if (!access.required()) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll())
                    .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .build();
        }
        WebSafetyProperties.Login login = properties.login();
        LoginThrottle throttle = new LoginThrottle(login.maxFailures(), login.failureWindow(), System::currentTimeMillis);
        ServerAuthenticationEntryPoint challenge = new HttpBasicServerAuthenticationEntryPoint();
        ServerAuthenticationEntryPoint countingChallenge = (exchange, e) -> {
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                String client = client(exchange);
                throttle.failed(client);
                log.info("Failed login from {}", client);
            }
            return challenge.commence(exchange, e);
        };
        return http.authorizeExchange(e -> e
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyExchange().authenticated())
                .addFilterBefore((exchange, chain) -> isHealth(exchange) ? chain.filter(exchange)
                        : throttle.retryAfter(client(exchange))
                                .map(wait -> tooManyFailures(exchange, wait))
                                .orElseGet(() -> chain.filter(exchange)), SecurityWebFiltersOrder.HTTP_BASIC)
                .httpBasic(b -> b.authenticationManager(credentials).authenticationEntryPoint(countingChallenge))
                .exceptionHandling(x -> x.authenticationEntryPoint(countingChallenge))
                .build();
    }

    /** Probes stay answered for a throttled address: behind a load balancer, it is the probes' address too. */
    private static boolean isHealth(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private static Mono<Void> tooManyFailures(ServerWebExchange exchange, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return Refusal.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
                "too many failed logins from this address; retry in " + seconds + " s (stampede.coordinator.login.*)");
    }

    /** The client's address (behind a proxy, set server.forward-headers-strategy so this is the real client). */
    private static String client(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
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

    private static boolean isWildcard(String address) {
        try {
            return InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Whether the UI/API need credentials, and which. */
    public record WebAccess(boolean required, String user, String password) {
    }
}
