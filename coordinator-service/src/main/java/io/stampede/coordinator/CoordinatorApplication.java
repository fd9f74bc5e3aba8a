package io.stampede.coordinator;

import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.experiment.ExperimentCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Parses the command line before Spring starts (bad input exits 2 at once), then runs the
 * coordinator with the typed {@link LaunchOptions} as a bean.
 */
@SpringBootApplication
@EnableConfigurationProperties(CoordinatorProperties.class)
public class CoordinatorApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ExperimentCommand.NAME)) {
            System.exit(ExperimentCommand.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err,
                    CoordinatorApplication::start));
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        switch (LaunchCommand.parse(args, inContainer(), out, err)) {
            case LaunchCommand.Exit exit -> System.exit(exit.code());
            case LaunchCommand.Launch launch -> {
                if (launch.options().headless()) {
                    HeadlessShutdownHook hook = HeadlessShutdownHook.install();
                    ConfigurableApplicationContext context = start(launch.options(), hook, launch.springArgs());
                    // HeadlessRun ran to completion inside the context's startup; the hook exits with its code.
                    int code = context.getBean(io.stampede.coordinator.headless.HeadlessRun.class).exitCode();
                    System.exit(SpringApplication.exit(context, () -> code));
                } else {
                    start(launch.options(), launch.springArgs());
                }
            }
        }
    }

    /** Starts the coordinator with already validated options (also used by tests). */
    public static ConfigurableApplicationContext start(LaunchOptions options, String... springArgs) {
        return start(options, null, springArgs);
    }

    /** @param hook null: Spring's own shutdown hook closes the context */
    private static ConfigurableApplicationContext start(LaunchOptions options, HeadlessShutdownHook hook,
                                                        String... springArgs) {
        SpringApplication app = new SpringApplication(CoordinatorApplication.class);
        app.addInitializers(context -> context.getBeanFactory().registerSingleton("launchOptions", options));
        if (hook != null) {
            app.setRegisterShutdownHook(false);
            app.addInitializers(hook::contextStarting);
        }
        List<String> all = new ArrayList<>();
        all.addAll(Arrays.asList(springArgs));
        // Spring joins repeated command-line properties with commas, so add each only when absent.
        addUnlessGiven(all, "server.address", options.webHost());
        addUnlessGiven(all, "stampede.coordinator.web-auth", options.webAuth());
        addUnlessGiven(all, "stampede.coordinator.link.token", options.linkToken());
        addUnlessGiven(all, "spring.webflux.base-path", options.webBasePath());
        return app.run(all.toArray(String[]::new));
    }

    private static void addUnlessGiven(List<String> args, String property, String value) {
        if (value != null && args.stream().noneMatch(a -> a.startsWith("--" + property + "="))) {
            args.add("--" + property + "=" + value);
        }
    }

    /** Containers (Docker, Podman, Kubernetes) publish ports from outside, so 8089 must bind all interfaces. */
    static boolean inContainer() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null
                || new File("/.dockerenv").exists()
                || Files.exists(Path.of("/run/.containerenv"));
    }
}
