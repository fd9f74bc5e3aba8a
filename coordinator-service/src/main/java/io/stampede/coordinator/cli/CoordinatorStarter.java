package io.stampede.coordinator.cli;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the coordinator's application context with validated options. Commands that run a
 * coordinator inside them (such as {@code experiment run}) are handed one by the entry point,
 * so they need not know the application class that launches them.
 */
@FunctionalInterface
public interface CoordinatorStarter {

    ConfigurableApplicationContext start(LaunchOptions options, String... springArgs);
}
