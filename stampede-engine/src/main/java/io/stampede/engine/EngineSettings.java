package io.stampede.engine;

import java.time.Duration;

import io.stampede.engine.http.client.TlsSettings;

/**
 * How an engine runs its users.
 *
 * @param eventLoopThreads threads that run every user's steps and the HTTP I/O (0: one per core)
 * @param maxConnections   HTTP connection pool size per target host; keep it at or above the
 *                         users of this worker so no user waits for a connection
 * @param requestTimeout   default per-step timeout (HTTP steps without their own); null: {@link #DEFAULT_REQUEST_TIMEOUT}
 * @param stopGrace        how long stopping users may finish their in-flight step before they are cut;
 *                         null: {@link #DEFAULT_STOP_GRACE}
 * @param tls              https for every run (a scenario's {@code http.tls} overrides parts of it): the TLS
 *                         provider, trust ({@code insecure} accepts any certificate, like k6's
 *                         {@code insecureSkipTLSVerify}), a client certificate; null: {@link TlsSettings#DEFAULT}
 * @param transport        the Netty transport of the users' event loops: io_uring, epoll or NIO; null: {@link Transport#AUTO}
 *                         (the best available one)
 * @param batchWait        the longest an io_uring loop with many requests in flight sleeps for a batch of responses
 *                         ({@link io.stampede.engine.loop.CompletionBatching}); zero: no batching; null: {@link #DEFAULT_BATCH_WAIT}
 */
public record EngineSettings(int eventLoopThreads, int maxConnections, Duration requestTimeout, Duration stopGrace,
                             TlsSettings tls, Transport transport, Duration batchWait) {

    // Defaults for engines configured in code (local workers, the coordinator's setup/teardown,
    // tests); worker-service takes its values from its application.yaml.
    public static final int DEFAULT_MAX_CONNECTIONS = 65_536;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);
    /** Worker-service's default too (its application.yaml); docs/performance.md, item 17, has the measurements. */
    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofNanos(100_000);

    public EngineSettings {
        if (eventLoopThreads < 0) {
            throw new IllegalArgumentException("eventLoopThreads must be >= 0");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        stopGrace = stopGrace == null ? DEFAULT_STOP_GRACE : stopGrace;
        tls = tls == null ? TlsSettings.DEFAULT : tls;
        transport = transport == null ? Transport.AUTO : transport;
        batchWait = checkedBatchWait(batchWait == null ? DEFAULT_BATCH_WAIT : batchWait);
    }

    /**
     * @return {@code wait}, when it is between 0 and 1 ms
     * @throws IllegalArgumentException otherwise
     */
    public static Duration checkedBatchWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(Duration.ofMillis(1)) > 0) {
            throw new IllegalArgumentException("batchWait must be between 0 and 1ms, was " + wait);
        }
        return wait;
    }

    /** The default batch wait. */
    public EngineSettings(int eventLoopThreads, int maxConnections, Duration requestTimeout, Duration stopGrace,
                          TlsSettings tls, Transport transport) {
        this(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls, transport, null);
    }

    /** The best available transport ({@link Transport#AUTO}). */
    public EngineSettings(int eventLoopThreads, int maxConnections, Duration requestTimeout, Duration stopGrace,
                          TlsSettings tls) {
        this(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls, Transport.AUTO);
    }

    /** @param insecureTls accept any certificate from https targets; false: the JDK's trust store, host names verified */
    public EngineSettings(int eventLoopThreads, int maxConnections, Duration requestTimeout, Duration stopGrace,
                          boolean insecureTls) {
        this(eventLoopThreads, maxConnections, requestTimeout, stopGrace, TlsSettings.DEFAULT.withInsecure(insecureTls));
    }

    /** Any certificate of https targets accepted (self-signed test environments). */
    public boolean insecureTls() {
        return tls.insecure();
    }

    /** Certificates verified. */
    public EngineSettings(int eventLoopThreads, int maxConnections, Duration requestTimeout, Duration stopGrace) {
        this(eventLoopThreads, maxConnections, requestTimeout, stopGrace, false);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(0, DEFAULT_MAX_CONNECTIONS, null, null);
    }

    public EngineSettings withRequestTimeout(Duration timeout) {
        return new EngineSettings(eventLoopThreads, maxConnections, timeout, stopGrace, tls, transport, batchWait);
    }

    public EngineSettings withInsecureTls(boolean insecure) {
        return new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls.withInsecure(insecure), transport, batchWait);
    }

    public EngineSettings withTls(TlsSettings https) {
        return new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, https, transport, batchWait);
    }

    public EngineSettings withStopGrace(Duration grace) {
        return new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, grace, tls, transport, batchWait);
    }

    public EngineSettings withTransport(Transport loops) {
        return new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls, loops, batchWait);
    }

    public EngineSettings withBatchWait(Duration wait) {
        return new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls, transport, wait);
    }

    int effectiveEventLoopThreads() {
        return eventLoopThreads > 0 ? eventLoopThreads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
