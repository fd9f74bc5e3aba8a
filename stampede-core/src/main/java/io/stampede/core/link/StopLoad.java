package io.stampede.core.link;

/** Stop every user of the run, send the last stats report (with {@code last = true}), go ready. */
public record StopLoad(String runId) implements LinkMessage {
}
