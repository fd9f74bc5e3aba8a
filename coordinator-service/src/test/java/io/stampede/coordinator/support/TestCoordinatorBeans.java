package io.stampede.coordinator.support;

import java.time.Duration;

import io.stampede.coordinator.run.RunCoordinator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For slice tests of controllers that sit on the run state machine: a {@link TestCoordinator}
 * (a real link server and run coordinator, closed with the context) and its
 * {@link RunCoordinator} as the bean the controllers take. Import it beside the slice's own fixture.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestCoordinatorBeans {

    @Bean(destroyMethod = "close")
    TestCoordinator testCoordinator() {
        return new TestCoordinator(Duration.ofSeconds(5));
    }

    @Bean
    RunCoordinator runCoordinator(TestCoordinator coordinator) {
        return coordinator.run;
    }
}
