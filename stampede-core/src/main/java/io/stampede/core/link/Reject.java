package io.stampede.core.link;

/** The coordinator refuses the worker or a message (bad protocol version, unknown run); the reason is for logs. */
public record Reject(String reason) implements LinkMessage {
}
