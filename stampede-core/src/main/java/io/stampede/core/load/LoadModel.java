package io.stampede.core.load;

import java.util.Objects;

/**
 * The workload model of a run: who decides when the next iteration starts. Sealed, like
 * Gatling's injection steps, so every consumer (distribution across workers, the engine's
 * drivers, the UI) handles each model explicitly.
 */
public sealed interface LoadModel {

    /** One line for the UI, logs and reports, e.g. {@code 50 users} or {@code 500/s}. */
    String describe();

    /**
     * The closed model (Locust's): {@code users} users loop over their tasks, each waiting for
     * its answer and its wait time before the next task, so a slow target slows the load down.
     *
     * @param users     concurrent users across all workers
     * @param spawnRate users started per second across all workers
     */
    record Closed(int users, double spawnRate) implements LoadModel {
        public Closed {
            if (users < 0) {
                throw new IllegalArgumentException("users: must be 0 or more");
            }
            if (!Double.isFinite(spawnRate) || spawnRate <= 0) {
                throw new IllegalArgumentException("spawn_rate: must be above 0");
            }
        }

        @Override
        public String describe() {
            return users + " users";
        }
    }

    /**
     * The open model (k6's arrival-rate executors, Gatling's {@code constantUsersPerSec},
     * wrk2, Fortio's {@code qps}): iterations start on a schedule whatever the target does, so
     * a stall shows up as latency measured from each iteration's intended start instead of
     * slowing the load down.
     *
     * @param shape       the rate over time, across all workers
     * @param arrivals    evenly spaced or Poisson
     * @param maxInFlight at most this many iterations in flight across all workers (Fortio's
     *                    {@code c}); an iteration due while the cap is reached waits for a slot
     * @param maxQueue    at most this many iterations wait for a slot; one more is dropped and counted
     */
    record Open(RateShape shape, Arrivals arrivals, int maxInFlight, int maxQueue) implements LoadModel {

        /** The default of {@code --max-queue}: bounded, so a stalled target cannot grow the heap without end. */
        public static final int DEFAULT_MAX_QUEUE = 10_000;
        /** With no {@code max_in_flight}: enough for 10 000 iterations/s of 1 s each on one worker. */
        public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

        public Open {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(arrivals, "arrivals");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("max_in_flight: must be 1 or more");
            }
            if (maxQueue < 0) {
                throw new IllegalArgumentException("max_queue: must be 0 or more");
            }
        }

        public RateProfile profile() {
            return shape.profile();
        }

        @Override
        public String describe() {
            return shape.describe();
        }
    }
}
