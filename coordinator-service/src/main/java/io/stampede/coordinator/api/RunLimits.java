package io.stampede.coordinator.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code stampede.coordinator.limits.*}: what one request may ask for. A run of two billion
 * users or a spawn rate of 1e308 drives the workers out of file descriptors and memory until
 * they stop answering; a 50 MB host is copied into every stats document, history entry and
 * live message. Defaults live in application.yaml; a value over a limit gets a 400 naming the
 * property, so an operator who needs more knows what to raise.
 *
 * @param maxUsers           largest {@code user_count} of one run
 * @param maxSpawnRate       largest {@code spawn_rate} (users started per second, all workers together)
 * @param maxRunTime         longest {@code run_time}
 * @param maxFieldLength     longest text field ({@code host}, {@code scenario_name}, ...), in characters
 * @param maxBodySize        largest request body (the /swarm form or JSON, any other request)
 * @param maxScenarioBodySize largest body of the requests that carry a scenario's YAML ({@code POST /api/runs}, {@code /api/scenarios...})
 */
@ConfigurationProperties(RunLimits.PREFIX)
public record RunLimits(int maxUsers, double maxSpawnRate, Duration maxRunTime, int maxFieldLength,
                        DataSize maxBodySize, DataSize maxScenarioBodySize) {

    public static final String PREFIX = "stampede.coordinator.limits";

    /** "(stampede.coordinator.limits.max-users)": appended to every refusal, so the message says what to raise. */
    static String property(String name) {
        return "(" + PREFIX + "." + name + ")";
    }
}
