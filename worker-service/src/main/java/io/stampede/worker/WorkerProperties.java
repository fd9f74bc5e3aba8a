package io.stampede.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.stampede.engine.EngineSettings;
import io.stampede.engine.link.WorkerSettings;

/**
 * {@code stampede.worker.*}: where the coordinator is and how this worker runs its users.
 * {@code --coordinator}/{@code STAMPEDE_COORDINATOR} and {@code --link-token}/{@code STAMPEDE_LINK_TOKEN}
 * feed {@code coordinator} and {@code linkToken} (see application.properties).
 *
 * @param coordinator      {@code HOST:PORT} or {@code ws://HOST:PORT/link}
 * @param linkToken        shared secret presented to the coordinator; blank: none
 * @param workerId         blank: hostname plus a random suffix
 * @param eventLoopThreads threads running users and HTTP I/O; 0: one per core
 * @param maxConnections   HTTP connection pool size per target host (keep &ge; users per worker)
 * @param requestTimeout   default timeout of a step
 * @param stopGrace        how long stopping users may finish their step before they are cut
 * @param reconnectMax     cap of the reconnect backoff (starts at 0.5 s)
 * @param insecureTls      accept any certificate of https targets (self-signed test environments); default false
 */
@ConfigurationProperties("stampede.worker")
public record WorkerProperties(
        @DefaultValue("localhost:5557") String coordinator,
        String linkToken,
        String workerId,
        @DefaultValue("0") int eventLoopThreads,
        @DefaultValue("65536") int maxConnections,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("2s") Duration stopGrace,
        @DefaultValue("5s") Duration reconnectMax,
        @DefaultValue("false") boolean insecureTls) {

    /** @throws IllegalArgumentException naming the property when a value is unusable */
    WorkerSettings toSettings() {
        WorkerSettings base;
        try {
            base = WorkerSettings.of(coordinator, linkToken);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stampede.worker." + e.getMessage(), e);
        }
        return base.withWorkerId(workerId)
                .withReconnect(Duration.ofMillis(500), reconnectMax)
                .withEngine(new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, insecureTls));
    }
}
