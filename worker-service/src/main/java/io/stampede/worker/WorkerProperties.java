package io.stampede.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.stampede.engine.EngineSettings;
import io.stampede.engine.Transport;
import io.stampede.engine.http.client.TlsProvider;
import io.stampede.engine.http.client.TlsSettings;
import io.stampede.engine.link.WorkerSettings;

/**
 * {@code stampede.worker.*}: where the coordinator is and how this worker runs its users. The
 * defaults and their reasons live in application.yaml, the single source of truth, so nothing
 * here has a default of its own.
 *
 * @param coordinator      {@code HOST}, {@code HOST:PORT} or {@code ws://HOST:PORT/link}
 * @param linkToken        shared secret presented to the coordinator; blank: none
 * @param workerId         blank: hostname plus a random suffix
 * @param eventLoopThreads threads running users and HTTP I/O; 0: one per core
 * @param maxConnections   HTTP connection pool size per target host (keep &ge; users per worker)
 * @param requestTimeout   default timeout of a step
 * @param stopGrace        how long stopping users may finish their step before they are cut
 * @param reconnectMin     first reconnect delay; doubles per failed attempt
 * @param reconnectMax     cap of the reconnect delay
 * @param insecureTls      accept any certificate of https targets (self-signed test environments)
 * @param tlsProvider      {@code auto} (native BoringSSL where it loads, else the JDK's), {@code openssl} or {@code jdk}
 * @param transport        Netty transport of the users' event loops: {@code auto} (io_uring where the kernel allows,
 *                         else epoll, else NIO), {@code io_uring}, {@code epoll} or {@code nio}
 * @param batchWait        the longest an io_uring loop with many requests in flight sleeps for a batch of responses;
 *                         0: no batching
 */
@ConfigurationProperties("stampede.worker")
public record WorkerProperties(String coordinator, String linkToken, String workerId, int eventLoopThreads,
                               int maxConnections, Duration requestTimeout, Duration stopGrace,
                               Duration reconnectMin, Duration reconnectMax, boolean insecureTls,
                               String tlsProvider, String transport, Duration batchWait) {

    /** @throws IllegalArgumentException naming the property when a value is unusable */
    WorkerSettings toSettings() {
        WorkerSettings base;
        try {
            base = WorkerSettings.of(coordinator, linkToken);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stampede.worker." + e.getMessage(), e);
        }
        TlsProvider provider;
        try {
            provider = TlsProvider.parse(tlsProvider);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stampede.worker.tls-provider: " + e.getMessage(), e);
        }
        Transport loops;
        try {
            loops = Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stampede.worker.transport: " + e.getMessage(), e);
        }
        TlsSettings tls = TlsSettings.DEFAULT.withProvider(provider).withInsecure(insecureTls);
        if (batchWait != null) {
            try {
                EngineSettings.checkedBatchWait(batchWait);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stampede.worker.batch-wait: " + e.getMessage(), e);
            }
        }
        return base.withWorkerId(workerId)
                .withReconnect(reconnectMin, reconnectMax)
                .withEngine(new EngineSettings(eventLoopThreads, maxConnections, requestTimeout, stopGrace, tls, loops, batchWait));
    }
}
