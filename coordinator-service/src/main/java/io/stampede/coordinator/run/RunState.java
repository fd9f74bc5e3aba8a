package io.stampede.coordinator.run;

/** The run's state, named as Locust names it in {@code /stats/requests}' {@code state}. */
public enum RunState {
    /** No run yet. */
    READY("ready"),
    /** Users are being started (also after a change of the user count). */
    SPAWNING("spawning"),
    /** Every worker reached its share. */
    RUNNING("running"),
    /** StopLoad sent; waiting for the workers' last stats reports. */
    STOPPING("stopping"),
    /** The run ended; its stats stay until the next run or a reset. */
    STOPPED("stopped");

    private final String wireName;

    RunState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isActive() {
        return this == SPAWNING || this == RUNNING;
    }
}
