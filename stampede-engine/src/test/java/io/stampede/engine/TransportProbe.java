package io.stampede.engine;

import java.time.Duration;

/**
 * Run by {@link TransportTest} in a JVM of its own (with Netty's native transports switched off):
 * prints what each transport setting starts an engine on, or why it cannot.
 */
public final class TransportProbe {

    private TransportProbe() {
    }

    public static void main(String[] args) {
        for (Transport transport : Transport.values()) {
            EngineSettings settings = new EngineSettings(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)).withTransport(transport);
            try (LoadEngine engine = new LoadEngine(settings)) {
                System.out.println(transport.label() + " -> " + engine.transport().label());
            } catch (IllegalStateException e) {
                System.out.println(transport.label() + " -> " + e.getMessage());
            }
        }
    }
}
