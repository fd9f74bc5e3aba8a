package io.stampede.coordinator.support;

import io.stampede.core.load.LoadSpec;
import io.stampede.coordinator.CoordinatorApplication;
import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.ScenarioSource;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole coordinator in-process, the way main() does, on free ports. */
public final class TestApps {

    private TestApps() {
    }

    /** UI mode (not headless), loopback web server, the given local workers and host. */
    public static LaunchOptions options(int localWorkers, String host) {
        return new LaunchOptions(null, ScenarioSource.defaultScenario(host), host, false, LoadSpec.EMPTY, null,
                localWorkers, 0, null, null, null, false, "127.0.0.1", null, TestCoordinator.TOKEN, null);
    }

    public static ConfigurableApplicationContext start(LaunchOptions options, String... extraArgs) {
        String[] args = new String[extraArgs.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--stampede.coordinator.link.port=0";
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        return CoordinatorApplication.start(options, args);
    }

    public static int webPort(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
