package io.stampede.core.link;

/** A worker leaving on purpose (shutdown, scale-in); sent after its last stats report. */
public record WorkerBye(String workerId, String reason) implements LinkMessage {
}
