package io.stampede.core.link;

/**
 * A worker runs less than the share a {@link StartLoad} asked of it, because its file
 * descriptors or heap can't hold more: it runs {@code accepted} and refuses the rest instead of
 * running out of descriptors or memory and going silent. Sent with every share it limits (a
 * later share within its capacity is confirmed by none: the coordinator forgets the limit when
 * the run changes or stops).
 *
 * @param workerId the sender
 * @param runId    the run the share belongs to
 * @param unit     what was limited: {@code users} (closed model) or {@code in-flight iterations}
 *                 (open model: its concurrency cap, each in-flight iteration holding a connection)
 * @param asked    how many the share asked for
 * @param accepted how many the worker runs
 * @param reason   which resource limits it and by how much, for people, e.g.
 *                 {@code file descriptors: soft limit 400, 131 open, 40 kept in reserve}
 */
public record ShareLimited(String workerId, String runId, String unit, long asked, long accepted, String reason)
        implements LinkMessage {

    public static final String USERS = "users";
    public static final String IN_FLIGHT = "in-flight iterations";

    /** How many were refused. */
    public long refused() {
        return Math.max(0, asked - accepted);
    }
}
