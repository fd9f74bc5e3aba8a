package io.stampede.coordinator.experiment;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.stampede.coordinator.cli.CoordinatorStarter;
import io.stampede.coordinator.cli.LaunchCommand;
import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.config.CoordinatorProperties;
import io.stampede.coordinator.experiment.capture.PrometheusClient;
import io.stampede.coordinator.experiment.results.FallbackResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStore;
import io.stampede.coordinator.experiment.results.ResultsStores;
import io.stampede.coordinator.experiment.suite.Suite;
import io.stampede.coordinator.experiment.suite.SuiteException;
import io.stampede.coordinator.experiment.suite.SuiteReader;
import io.stampede.coordinator.experiment.topology.Topology;
import io.stampede.coordinator.link.WorkerRegistry;
import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.load.LoadSpec;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coordinator-service.jar experiment run SUITE}: validates the suite, checks Prometheus
 * and the results location, deploys the topology when asked, then starts the coordinator (UI,
 * link, local workers) and runs the suite in it. Bad input or setup exits 2 before any run.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, subcommands = ExperimentCommand.RunSuite.class,
        description = "Suites of fixed-rate runs with Prometheus capture (docs/experiments.md).")
public final class ExperimentCommand {

    /** The first argument that selects this command instead of the coordinator's own. */
    public static final String NAME = "experiment";
    /** Where results go without --results (and, in UI mode, without stampede.experiments.results). */
    public static final String DEFAULT_RESULTS = "./results";

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run every test of SUITE in order; each run's results go to <results>/<test_name>/<YYYYMMDDHHMMSS>/.",
            footer = {"", "Spring properties pass through as --server.port=8089, --stampede.coordinator.link.port=5557, ...",
                    "Exit codes: 0 = every run passed, 1 = a request failed, a threshold was breached or a capacity search's",
                    "min_rate was not met (or one of its steps could not run), 2 = bad input or setup."})
    static final class RunSuite {

        @Parameters(paramLabel = "SUITE", description = "the harness's config.json, or a suite YAML")
        Path suite;

        @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus to query the suite's metrics from, e.g. http://127.0.0.1:9090")
        String prometheus;

        @Option(names = "--results", paramLabel = "DIR", defaultValue = DEFAULT_RESULTS, description = "where results go (default ./results)")
        String results;

        @Option(names = "--local-workers", paramLabel = "N", description = "run N workers inside this process (default 1 when no --expect-workers, else 0)")
        Integer localWorkers;

        @Option(names = "--expect-workers", paramLabel = "N", description = "wait for N connected workers before the first run")
        Integer expectWorkers;

        @Option(names = "--web-host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "bind address of the UI (default 127.0.0.1)")
        String webHost;

        @Option(names = "--link-token", paramLabel = "TOKEN", defaultValue = "${env:STAMPEDE_LINK_TOKEN}",
                description = "shared secret workers must present (env STAMPEDE_LINK_TOKEN)")
        String linkToken;

        @Option(names = "--topology", paramLabel = "none|local|kubernetes", defaultValue = "none",
                description = "deploy the suite's backends_map before the first test and delete it after the last (default none)")
        String topology;

        @Option(names = "--namespace", paramLabel = "NS",
                description = "--topology kubernetes: the namespace to deploy in (default: the pod's own, else the kubeconfig's)")
        String namespace;

        @Option(names = "--sample-workload", paramLabel = "JAR|IMAGE",
                description = "--topology local: the sample-workload jar (default sample-workload/target/sample-workload.jar);"
                        + " --topology kubernetes: its image (default localhost/stampede/sample-workload:latest)")
        String sampleWorkload;

        @Option(names = "--topology-timeout", paramLabel = "SECONDS",
                description = "wait at most this long for the topology's nodes (default 120 local, 300 kubernetes;"
                        + " 0 with kubernetes: do not wait for the pods)")
        Integer topologyTimeout;
    }

    private ExperimentCommand() {
    }

    /**
     * Runs the command; returns the process's exit code.
     *
     * @param starter starts the coordinator the suite runs in, once everything was checked
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, CoordinatorStarter starter) {
        List<String> spring = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String arg : args) {
            (LaunchCommand.isSpringProperty(arg) ? spring : own).add(arg);
        }
        CommandLine cli = new CommandLine(new ExperimentCommand())
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        RunSuite options;
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(own.toArray(String[]::new));
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            if (!parsed.hasSubcommand()) {
                err.println("error: expected a subcommand: experiment run SUITE");
                return ExperimentRunner.EXIT_BAD_SETUP;
            }
            options = parsed.subcommand().commandSpec().commandLine().getCommand();
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for usage.");
            return ExperimentRunner.EXIT_BAD_SETUP;
        }
        try {
            return new Execution(options, spring, out, err, starter).run();
        } catch (BadSetup e) {
            err.println("error: " + e.getMessage());
            return ExperimentRunner.EXIT_BAD_SETUP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return ExperimentRunner.EXIT_BAD_SETUP;
        }
    }

    /** One {@code experiment run}: everything checked before the coordinator starts, then the suite. */
    private static final class Execution {

        private static final int SHOWN_FAILURES = 20;

        private final RunSuite options;
        private final List<String> springArgs;
        private final PrintStream out;
        private final PrintStream err;
        private final CoordinatorStarter starter;
        private final AtomicReference<Topology> topology = new AtomicReference<>();
        private final AtomicReference<ExperimentRunner> runner = new AtomicReference<>();
        private final CountDownLatch finished = new CountDownLatch(1);

        Execution(RunSuite options, List<String> springArgs, PrintStream out, PrintStream err, CoordinatorStarter starter) {
            this.options = options;
            this.springArgs = springArgs;
            this.out = out;
            this.err = err;
            this.starter = starter;
        }

        int run() throws InterruptedException {
            Suite suite = readSuite();
            int localWorkers = checkWorkers();
            TopologySettings topologySettings = topologySettings();
            ResultsStore store = openStore();
            PrometheusClient prometheus = prometheus(suite);
            Thread hook = new Thread(this::onShutdown, "experiment-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ConfigurableApplicationContext context = null;
            try {
                suite = deployTopology(suite, topologySettings);
                List<String> spring = new ArrayList<>(springArgs);
                // This command closes the context itself, after the suite (also on Ctrl-C, through its own hook).
                spring.add("--spring.main.register-shutdown-hook=false");
                LaunchOptions launch = new LaunchOptions(null, ScenarioSource.defaultScenario(null), null, false, LoadSpec.EMPTY,
                        null, localWorkers, expectedRemote(), null, null, null, false, options.webHost, null,
                        blankToNull(options.linkToken), null);
                context = starter.start(launch, spring.toArray(String[]::new));
                RunCoordinator coordinator = context.getBean(RunCoordinator.class);
                Duration timeout = context.getBean(CoordinatorProperties.class).expectWorkersTimeout();
                int expected = localWorkers + expectedRemote();
                if (!awaitWorkers(coordinator.registry(), expected, timeout)) {
                    throw new BadSetup("--expect-workers: only " + coordinator.registry().size() + " of " + expected
                            + " worker(s) connected within " + timeout.toSeconds() + " s (stampede.coordinator.expect-workers-timeout)");
                }
                ExperimentRunner suiteRunner = new ExperimentRunner(coordinator, store, prometheus, out);
                runner.set(suiteRunner);
                out.printf("suite %s: %d test(s), %d run(s), results in %s%n", suite.name(), suite.entries().size(),
                        suite.runCount(), store.location());
                ExperimentRunner.Outcome outcome = suiteRunner.run(suite);
                long failed = outcome.runs().stream().filter(r -> r.exitCode() != 0).count();
                out.printf("suite %s: %d run(s) recorded, %d failed%n", suite.name(), outcome.runs().size(), failed);
                return Math.max(outcome.exitCode(), reportStoreFailures(store));
            } finally {
                closeStore(store);
                closeTopology();
                if (context != null) {
                    context.close();
                }
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // The JVM is shutting down already: the hook runs and finds everything finished.
                }
            }
        }

        private Suite readSuite() {
            try {
                return SuiteReader.read(options.suite);
            } catch (SuiteException e) {
                throw new BadSetup("invalid suite " + options.suite + ":\n" + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new BadSetup("SUITE: " + e.getMessage() + ": " + e.getCause());
            }
        }

        private int checkWorkers() {
            if (options.localWorkers != null && options.localWorkers < 0) {
                throw new BadSetup("--local-workers: must be >= 0, got " + options.localWorkers);
            }
            if (options.expectWorkers != null && options.expectWorkers < 0) {
                throw new BadSetup("--expect-workers: must be >= 0, got " + options.expectWorkers);
            }
            int local = options.localWorkers != null ? options.localWorkers : (options.expectWorkers == null ? 1 : 0);
            if (local + expectedRemote() == 0) {
                throw new BadSetup("--local-workers 0 and no --expect-workers: nobody would run the users");
            }
            return local;
        }

        private int expectedRemote() {
            return options.expectWorkers == null ? 0 : options.expectWorkers;
        }

        /** Opened and checked before anything runs: results that could go nowhere stop the suite here. */
        private ResultsStore openStore() {
            ResultsStore store;
            try {
                store = ResultsStores.open(options.results);
            } catch (IllegalArgumentException e) {
                throw new BadSetup("--results: " + e.getMessage());
            }
            try {
                ExperimentSetup.checkResults(store, "--results " + options.results);
            } catch (ExperimentSetup.Refused e) {
                closeStore(store);
                throw new BadSetup(e.getMessage());
            }
            return store;
        }

        /**
         * What the remote store refused during the suite is in the fallback directory: said
         * plainly, with exit 2, so a script does not take the results for uploaded.
         */
        private int reportStoreFailures(ResultsStore store) {
            var failures = ResultsStores.failures(store);
            long count = ResultsStores.failureCount(store);
            if (count == 0) {
                return ExperimentRunner.EXIT_PASSED;
            }
            String kept = store instanceof FallbackResultsStore fallback ? fallback.fallbackLocation() : "the fallback directory";
            err.printf("error: %d results operation(s) on %s failed; every file it refused is kept in %s "
                    + "(same layout: copy it over once the store works again):%n", count, store.location(), kept);
            failures.stream().limit(SHOWN_FAILURES).forEach(failure -> err.println("  " + failure));
            if (count > SHOWN_FAILURES) {
                err.printf("  ... and %d more (each is in the log)%n", count - SHOWN_FAILURES);
            }
            return ExperimentRunner.EXIT_BAD_SETUP;
        }

        private static void closeStore(ResultsStore store) {
            if (store instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Closing the S3 client only releases connections.
                }
            }
        }

        /** Checked before anything runs: a suite whose metrics cannot be captured is not started. */
        private PrometheusClient prometheus(Suite suite) throws InterruptedException {
            try {
                return ExperimentSetup.prometheus(suite, options.prometheus, "--prometheus");
            } catch (ExperimentSetup.Refused e) {
                throw new BadSetup(e.getMessage());
            }
        }

        private TopologySettings topologySettings() {
            try {
                return new TopologySettings(options.topology, options.namespace, options.sampleWorkload,
                        options.topologyTimeout == null ? null : Duration.ofSeconds(options.topologyTimeout));
            } catch (IllegalArgumentException e) {
                throw new BadSetup(e.getMessage().startsWith("timeout:")
                        ? "--topology-timeout" + e.getMessage().substring("timeout".length())
                        : "--topology" + e.getMessage().substring("kind".length()));
            }
        }

        private Suite deployTopology(Suite suite, TopologySettings settings) {
            if (!settings.deploys()) {
                return suite;
            }
            if (suite.backendsMap() == null) {
                throw new BadSetup("--topology " + settings.kind() + ": the suite has no backends_map to deploy");
            }
            try {
                Topology created = settings.create();
                topology.set(created);
                return settings.deploy(suite, created, out);
            } catch (UnsupportedOperationException e) {
                throw new BadSetup("--topology: " + e.getMessage());
            } catch (Exception e) {
                throw new BadSetup("--topology " + settings.kind() + ": deploying backends_map failed: " + e);
            }
        }

        private void closeTopology() {
            Topology deployed = topology.getAndSet(null);
            if (deployed != null) {
                try {
                    deployed.close();
                } catch (RuntimeException e) {
                    err.println("warning: removing the topology failed: " + e);
                }
            }
        }

        /** Ctrl-C / SIGTERM: stop the run under way, let the suite record it, then remove the topology. */
        private void onShutdown() {
            ExperimentRunner current = runner.get();
            if (current != null && finished.getCount() > 0) {
                err.println("stopping the suite: the run under way is stopped and recorded, the rest skipped");
                current.stop();
                try {
                    finished.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeTopology();
        }

        private static boolean awaitWorkers(WorkerRegistry registry, int expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (registry.size() < expected) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text;
        }
    }

    /** Bad input or setup: reported and exit 2, before any run. */
    private static final class BadSetup extends RuntimeException {
        BadSetup(String message) {
            super(message);
        }
    }
}
