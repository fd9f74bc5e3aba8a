package io.stampede.engine;

import static io.stampede.engine.Scenarios.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.stampede.core.scenario.IfStep;
import io.stampede.core.scenario.Task;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.WaitTime;
import io.stampede.testing.Await;

/**
 * Users share their event loop: the next task starts right from a response, but a user whose
 * tasks complete within the call (instant steps, no wait) hops through the loop's queue between
 * them, so it neither recurses nor keeps the loop from its other users.
 */
class UserTurnsTest {

    @Test
    void aUserOfInstantTasksLeavesTheLoopToTheOthers() throws Exception {
        try (LoadEngine engine = new LoadEngine(new EngineSettings(1, 1000, Duration.ofSeconds(5), Duration.ofSeconds(2)));
             TestTarget target = new TestTarget()) {
            IfStep instant = new IfStep("missing", IfStep.Operator.EXISTS, null, List.of(), List.of());
            UserClass spinner = new UserClass("spinner", 1, new WaitTime.None(), false,
                    List.of(new Task("instant", 1, false, List.of(instant), List.of())), List.of(), List.of());
            UserClass getter = new UserClass("getter", 1, new WaitTime.None(), false,
                    List.of(new Task("get", 1, false, List.of(get(target.url() + "/")), List.of())), List.of(), List.of());
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenarios.of(spinner, getter), null),
                    (m, n, t, l, e) -> { }, 2, 0);
            // One loop, two users: the getter's requests go on beside the spinning user.
            Await.until("the getter's requests beside a user of instant tasks", Duration.ofSeconds(10),
                    () -> target.requests.get() >= 50);
            users.stop().get(5, TimeUnit.SECONDS);
            assertThat(users.aliveCount()).isZero();
        }
    }
}
