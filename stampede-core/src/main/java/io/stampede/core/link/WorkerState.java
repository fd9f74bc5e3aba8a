package io.stampede.core.link;

import com.fasterxml.jackson.annotation.JsonValue;

/** A worker's state as Locust names it in {@code workers[].state}. */
public enum WorkerState {
    READY("ready"), SPAWNING("spawning"), RUNNING("running"), STOPPING("stopping"), MISSING("missing");

    private final String wireName;

    WorkerState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
