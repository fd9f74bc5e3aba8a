package io.stampede.coordinator.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stampede.coordinator.*}; defaults and their reasons live in application.yaml, the
 * single source of truth, so nothing here has a default of its own.
 *
 * @param link                 the worker link server
 * @param heartbeatInterval    how often workers send a heartbeat (told to them in HelloAck)
 * @param workerTimeout        a worker silent for this long is dropped and its users redistributed
 * @param expectWorkersTimeout headless: give up (exit 2) when the expected workers are not connected by then
 * @param finalReportTimeout   how long stopping waits for every worker's last stats report
 * @param printStatsInterval   period of the console stats table of --print-stats
 * @param webAuth              USER:PASS for basic auth on the UI/API (--web-auth); empty for none/generated
 * @param insecureTls          local workers and setup/teardown accept any certificate of https targets
 * @param webAuthDisabled      no auth on the UI/API even off loopback: an explicit opt-out (the Helm
 *                             chart's webAuth.enabled=false, behind a NetworkPolicy)
 */
@ConfigurationProperties("stampede.coordinator")
public record CoordinatorProperties(Link link, Duration heartbeatInterval, Duration workerTimeout,
                                    Duration expectWorkersTimeout, Duration finalReportTimeout,
                                    Duration printStatsInterval, String webAuth, boolean insecureTls,
                                    boolean webAuthDisabled) {

    /**
     * @param host         bind address of the link server
     * @param port         5557 by the contract; 0 picks a free port (tests)
     * @param path         WebSocket path
     * @param token        shared secret (--link-token / STAMPEDE_LINK_TOKEN); empty: one is generated per process
     * @param maxFrameSize largest accepted frame in bytes (scenario text, stats with many histograms)
     */
    public record Link(String host, int port, String path, String token, int maxFrameSize) {
    }
}
