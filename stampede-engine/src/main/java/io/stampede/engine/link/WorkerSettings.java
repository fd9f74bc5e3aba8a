package io.stampede.engine.link;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.stampede.engine.EngineSettings;

/**
 * How a worker reaches its coordinator and runs its users. worker-service takes every value from
 * its application.yaml; the defaults here are for workers configured in code (the coordinator's
 * {@code --local-workers}, tests), each in one constant.
 *
 * @param coordinator    the link endpoint, e.g. {@code ws://coordinator:5557/link}
 * @param linkToken      presented as {@code Authorization: Bearer}; null or blank: none
 * @param workerId       unique per worker process
 * @param reconnectMin   first reconnect delay; doubles per failed attempt; null: {@link #DEFAULT_RECONNECT_MIN}
 * @param reconnectMax   cap of the reconnect delay; null: {@link #DEFAULT_RECONNECT_MAX}
 * @param statsInterval  how often a running worker sends its stats; null: {@link #STATS_INTERVAL}
 * @param engine         event loops, pool size, timeouts of the virtual users
 */
public record WorkerSettings(URI coordinator, String linkToken, String workerId, Duration reconnectMin,
                             Duration reconnectMax, Duration statsInterval, EngineSettings engine) {

    /** The contract's link port: a coordinator given as {@code HOST} is reached on it. */
    public static final int DEFAULT_LINK_PORT = 5557;
    /** The contract's WebSocket path of the link. */
    public static final String LINK_PATH = "/link";
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
    /** The contract: a running worker reports its stats every second. */
    public static final Duration STATS_INTERVAL = Duration.ofSeconds(1);

    public WorkerSettings {
        if (coordinator == null) {
            throw new IllegalArgumentException("coordinator address is required");
        }
        workerId = workerId == null || workerId.isBlank() ? defaultWorkerId() : workerId;
        reconnectMin = reconnectMin == null ? DEFAULT_RECONNECT_MIN : reconnectMin;
        reconnectMax = reconnectMax == null ? DEFAULT_RECONNECT_MAX : reconnectMax;
        statsInterval = statsInterval == null ? STATS_INTERVAL : statsInterval;
        engine = engine == null ? EngineSettings.defaults() : engine;
    }

    /**
     * The defaults above for everything but the address and token.
     *
     * @param coordinator {@code HOST}, {@code HOST:PORT} or a {@code ws://}/{@code wss://} URI
     */
    public static WorkerSettings of(String coordinator, String linkToken) {
        return new WorkerSettings(linkUri(coordinator), linkToken, null, null, null, null, null);
    }

    public WorkerSettings withEngine(EngineSettings engineSettings) {
        return new WorkerSettings(coordinator, linkToken, workerId, reconnectMin, reconnectMax, statsInterval, engineSettings);
    }

    public WorkerSettings withWorkerId(String id) {
        return new WorkerSettings(coordinator, linkToken, id, reconnectMin, reconnectMax, statsInterval, engine);
    }

    public WorkerSettings withReconnect(Duration min, Duration max) {
        return new WorkerSettings(coordinator, linkToken, workerId, min, max, statsInterval, engine);
    }

    /**
     * {@code HOST} → {@code ws://HOST:5557/link}; {@code HOST:PORT} → {@code ws://HOST:PORT/link};
     * a ws/wss URI without a path gets {@code /link}.
     *
     * @throws IllegalArgumentException with the reason when the address is malformed
     */
    public static URI linkUri(String coordinator) {
        if (coordinator == null || coordinator.isBlank()) {
            throw new IllegalArgumentException("coordinator: address is required (HOST:PORT, e.g. coordinator:5557)");
        }
        String text = coordinator.trim();
        try {
            if (text.startsWith("ws://") || text.startsWith("wss://")) {
                URI uri = URI.create(text);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("coordinator: no host in '" + coordinator + "'");
                }
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? LINK_PATH : uri.getRawPath();
                int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_LINK_PORT;
                return new URI(uri.getScheme(), null, uri.getHost(), port, path, uri.getRawQuery(), null);
            }
            if (text.contains("://")) {
                throw new IllegalArgumentException("coordinator: expected HOST:PORT or ws://HOST:PORT/link, was '" + coordinator + "'");
            }
            URI uri = URI.create("ws://" + text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("coordinator: '" + coordinator + "' is not HOST:PORT");
            }
            int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_LINK_PORT;
            return new URI("ws", null, uri.getHost(), port, LINK_PATH, null, null);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("coordinator:")) {
                throw iae;
            }
            throw new IllegalArgumentException("coordinator: '" + coordinator + "' is not HOST:PORT (" + e.getMessage() + ")", e);
        }
    }

    /** The hostname (a pod's name in Kubernetes) and a short random suffix. */
    public static String defaultWorkerId() {
        return hostname() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
