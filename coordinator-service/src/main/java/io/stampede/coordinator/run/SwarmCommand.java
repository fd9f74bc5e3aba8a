package io.stampede.coordinator.run;

import java.time.Duration;

import io.stampede.core.load.LoadModel;

/**
 * Start a run, or change the running one (Locust's {@code POST /swarm}).
 *
 * @param load    users (closed) or an arrival rate (open), across all workers
 * @param host    base URL override; null keeps the launch's one
 * @param runTime stop after this long (counted from now); null: until stopped
 */
public record SwarmCommand(LoadModel load, String host, Duration runTime) {

    /** Locust's closed model: {@code users} users started at {@code spawnRate} per second. */
    public SwarmCommand(int users, double spawnRate, String host, Duration runTime) {
        this(new LoadModel.Closed(users, spawnRate), host, runTime);
    }

    public int users() {
        return load instanceof LoadModel.Closed closed ? closed.users() : 0;
    }

    public double spawnRate() {
        return load instanceof LoadModel.Closed closed ? closed.spawnRate() : 0;
    }

    public SwarmCommand withRunTime(Duration newRunTime) {
        return new SwarmCommand(load, host, newRunTime);
    }
}
