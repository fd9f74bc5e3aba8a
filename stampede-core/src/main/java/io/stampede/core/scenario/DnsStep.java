package io.stampede.core.scenario;

import java.time.Duration;

/**
 * A DNS lookup, recorded in stats like a request (method {@code DNS}).
 *
 * @param name    stats key; defaults to the query template
 * @param query   template: the name to resolve
 * @param type    record type
 * @param server  null: the system resolver's servers; else {@code host} or {@code host:port}
 * @param timeout null for the engine default
 */
public record DnsStep(String name, String query, RecordType type, String server, Duration timeout) implements Step {

    public enum RecordType { A, AAAA, SRV }
}
