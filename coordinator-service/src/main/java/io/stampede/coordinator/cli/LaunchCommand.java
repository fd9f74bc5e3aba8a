package io.stampede.coordinator.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.load.LoadSpec;
import io.stampede.core.load.LoadSpecException;
import io.stampede.core.load.Rate;
import io.stampede.core.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The coordinator's command line (Locust's flag names). Parsed in {@code main} before Spring
 * starts, so a bad flag costs no startup time and exits 2 with the reason on stderr.
 * Arguments of the form {@code --server.port=…}, {@code --stampede.…=…} (and other Spring
 * property prefixes) pass through to Spring untouched.
 */
@Command(name = "coordinator-service.jar", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stampede coordinator: web UI and Locust-compatible API on 8089, worker link on 5557.",
        footer = {"", "Spring properties pass through as --server.port=8089, --stampede.coordinator.link.port=5557, ...",
                "Exit codes: 0 = passed, 1 = a request failed or a threshold was breached, 2 = bad input."})
public final class LaunchCommand {

    /** Exit code for bad input (contract). */
    public static final int EXIT_BAD_INPUT = 2;

    private static final Pattern SPRING_PROPERTY =
            Pattern.compile("--(server|stampede|spring|management|logging|debug|trace)[.=].*|--(debug|trace)");

    private static final String ALLOWED_HOSTS = "stampede.coordinator.allowed-hosts";
    /** A DNS name, an IPv4 address, an IPv6 address (with or without brackets), or * for any. */
    private static final Pattern HOST_NAME = Pattern.compile("\\*|[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+]?");

    /** One or more /segments of URL path characters (RFC 3986 pchar), no trailing slash. */
    private static final Pattern WEB_BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");

    @Option(names = {"-f", "--scenario"}, paramLabel = "FILE", description = "scenario YAML; without it, every user does GET / on --host")
    Path scenario;

    @Option(names = {"-H", "--host"}, paramLabel = "URL", description = "base URL for relative paths in the scenario")
    String host;

    @Option(names = "--headless", description = "no UI; start at once; stop after --run-time; exit with a code")
    boolean headless;

    @Option(names = {"-u", "--users"}, paramLabel = "N", description = "concurrent users (closed model)")
    Integer users;

    @Option(names = {"-r", "--spawn-rate"}, paramLabel = "N", description = "users started per second, across all workers")
    Double spawnRate;

    @Option(names = "--rate", paramLabel = "R",
            description = "open model: iterations started per second across all workers, e.g. 500 or 500/s (excludes -u)")
    String rate;

    @Option(names = "--stages", paramLabel = "STAGES",
            description = "open model: rates one after another, RATE:DURATION holds, ->RATE:DURATION ramps, e.g. 100/s:30s,->400/s:1m")
    String stages;

    @Option(names = "--stairs", paramLabel = "START,STEP,EVERY,UNTIL",
            description = "open model: a staircase of rates, e.g. 100/s,50/s,30s,400/s")
    String stairs;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "open model: at most N iterations in flight across all workers (Fortio's c); later ones wait")
    Integer maxInFlight;

    @Option(names = "--max-queue", paramLabel = "Q",
            description = "open model: at most Q iterations wait for a slot; more are dropped and counted (default 10000)")
    Integer maxQueue;

    @Option(names = "--arrivals", paramLabel = "even|poisson", description = "open model: how arrivals are spaced (default even)")
    String arrivals;

    @Option(names = {"-t", "--run-time"}, paramLabel = "DURATION", description = "e.g. 30s, 5m, 1h30m")
    String runTime;

    @Option(names = "--local-workers", paramLabel = "N", description = "run N workers inside this process (default 1 when no --expect-workers, else 0)")
    Integer localWorkers;

    @Option(names = "--expect-workers", paramLabel = "N", description = "headless: wait for N connected workers before starting")
    Integer expectWorkers;

    @Option(names = "--csv", paramLabel = "PREFIX", description = "write PREFIX_stats.csv, PREFIX_failures.csv, PREFIX_stats_history.csv")
    String csv;

    @Option(names = "--json", paramLabel = "FILE", description = "write the final stats document (as GET /stats/requests)")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "write the HTML report")
    Path html;

    @Option(names = "--print-stats", description = "print the console stats table every 2 s")
    boolean printStats;

    @Option(names = "--web-host", paramLabel = "ADDR", description = "bind address of 8089 (default 127.0.0.1 outside a container, 0.0.0.0 inside)")
    String webHost;

    @Option(names = "--web-base-path", paramLabel = "PATH",
            description = "serve the UI, the API and /actuator under PATH, e.g. /stampede (a path-routing proxy that keeps the prefix)")
    String webBasePath;

    @Option(names = "--web-auth", paramLabel = "USER:PASS", description = "basic auth for the UI/API")
    String webAuth;

    @Option(names = "--allowed-hosts", paramLabel = "NAMES", split = ",",
            description = "host names the UI/API answer to besides localhost, 127.0.0.1, [::1] and the --web-host address,"
                    + " comma-separated, e.g. stampede.example.com (others get 421: DNS rebinding); * for any")
    List<String> allowedHosts;

    @Option(names = "--link-token", paramLabel = "TOKEN", defaultValue = "${env:STAMPEDE_LINK_TOKEN}",
            description = "shared secret workers must present (env STAMPEDE_LINK_TOKEN)")
    String linkToken;

    /** What {@code main} does next. */
    public sealed interface Outcome {
    }

    /** Start the coordinator. */
    public record Launch(LaunchOptions options, String[] springArgs) implements Outcome {
    }

    /** Exit right away (help, version, or bad input already reported). */
    public record Exit(int code) implements Outcome {
    }

    /**
     * Parses and validates; help and errors are printed here.
     *
     * @param inContainer whether the default bind address should be all interfaces
     */
    public static Outcome parse(String[] args, boolean inContainer, PrintWriter out, PrintWriter err) {
        List<String> spring = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String arg : args) {
            (isSpringProperty(arg) ? spring : own).add(arg);
        }
        LaunchCommand command = new LaunchCommand();
        CommandLine cli = new CommandLine(command).setOut(out).setErr(err);
        try {
            CommandLine.ParseResult result = cli.parseArgs(own.toArray(String[]::new));
            if (CommandLine.printHelpIfRequested(result)) {
                return new Exit(0);
            }
            LaunchOptions options = command.validate(inContainer);
            if (command.allowedHosts != null && spring.stream().noneMatch(a -> a.startsWith("--" + ALLOWED_HOSTS + "="))) {
                // A Spring property only: nothing but the web filter reads it.
                spring.add("--" + ALLOWED_HOSTS + "=" + String.join(",", command.allowedHosts));
            }
            return new Launch(options, spring.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for usage.");
            err.flush();
            return new Exit(EXIT_BAD_INPUT);
        } catch (BadOption e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return new Exit(EXIT_BAD_INPUT);
        }
    }

    /** Whether an argument is a Spring property ({@code --server.port=…}) that passes through to Spring. */
    public static boolean isSpringProperty(String arg) {
        return SPRING_PROPERTY.matcher(arg).matches();
    }

    private LaunchOptions validate(boolean inContainer) {
        if (users != null && users < 0) {
            throw new BadOption("-u/--users: must be >= 0, got " + users);
        }
        if (spawnRate != null && !(spawnRate > 0) || spawnRate != null && spawnRate.isInfinite()) {
            throw new BadOption("-r/--spawn-rate: must be a number > 0, got " + spawnRate);
        }
        LoadSpec load = loadSpec();
        if (localWorkers != null && localWorkers < 0) {
            throw new BadOption("--local-workers: must be >= 0, got " + localWorkers);
        }
        if (expectWorkers != null && expectWorkers < 0) {
            throw new BadOption("--expect-workers: must be >= 0, got " + expectWorkers);
        }
        Duration runDuration = null;
        if (runTime != null) {
            try {
                runDuration = RunTimeParser.parse(runTime);
            } catch (IllegalArgumentException e) {
                throw new BadOption("-t/--run-time: " + e.getMessage());
            }
        }
        if (host != null) {
            String problem = HostValidator.problem(host);
            if (problem != null) {
                throw new BadOption("-H/--host: " + problem);
            }
        }
        if (webAuth != null && (webAuth.indexOf(':') <= 0 || webAuth.indexOf(':') == webAuth.length() - 1)) {
            throw new BadOption("--web-auth: expected USER:PASS");
        }
        if (allowedHosts != null) {
            for (String name : allowedHosts) {
                if (!HOST_NAME.matcher(name).matches()) {
                    throw new BadOption("--allowed-hosts: expected host names (no scheme, port or path) separated by"
                            + " commas, e.g. stampede.example.com,10.0.0.5, or *; got '" + name + "'");
                }
            }
        }
        if (webBasePath != null && !WEB_BASE_PATH.matcher(webBasePath).matches()) {
            throw new BadOption("--web-base-path: expected a path that starts with '/', does not end with '/' and has no"
                    + " spaces or empty segments, e.g. /stampede; got '" + webBasePath + "'");
        }
        ScenarioSource source = scenario == null ? ScenarioSource.defaultScenario(host) : loadScenario(scenario);
        try {
            source.scenario().load().overriddenBy(load).toModel();
        } catch (LoadSpecException e) {
            throw new BadOption(flag(e.field()) + ": " + e.reason());
        }
        if (headless && source.resolveHost(host) == null && source.needsHost()) {
            throw new BadOption("-H/--host: required in headless mode (the scenario has no host either)");
        }
        int expected = expectWorkers == null ? 0 : expectWorkers;
        int local = localWorkers != null ? localWorkers : (expectWorkers == null ? 1 : 0);
        String bind = webHost != null ? webHost : (inContainer ? "0.0.0.0" : "127.0.0.1");
        String token = linkToken == null || linkToken.isBlank() ? null : linkToken;
        return new LaunchOptions(scenario, source, host, headless, load, runDuration, local, expected, csv,
                json, html, printStats, bind, webAuth, token, webBasePath);
    }

    /** The load flags as one layer over the scenario's {@code load:} section. */
    private LoadSpec loadSpec() {
        try {
            return new LoadSpec(users, spawnRate, rate == null ? null : Rate.parsePerSecond(rate), null,
                    stages == null ? null : LoadSpec.parseStages(stages),
                    stairs == null ? null : LoadSpec.parseStairs(stairs), maxInFlight, maxQueue,
                    arrivals == null ? null : LoadSpec.parseArrivals(arrivals));
        } catch (LoadSpecException e) {
            throw new BadOption(flag(e.field()) + ": " + e.reason());
        } catch (IllegalArgumentException e) {
            throw new BadOption("--rate: " + e.getMessage());
        }
    }

    /** The flag of a load field, for messages. */
    private static String flag(String field) {
        return switch (field) {
            case "users" -> "-u/--users";
            case "spawn_rate" -> "-r/--spawn-rate";
            case "max_in_flight" -> "--max-in-flight";
            case "max_queue" -> "--max-queue";
            case "duration" -> "load.duration";
            default -> "--" + field;
        };
    }

    private static ScenarioSource loadScenario(Path file) {
        try {
            return ScenarioSource.fromFile(file);
        } catch (ScenarioException e) {
            throw new BadOption("-f/--scenario: invalid scenario:\n" + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new BadOption("-f/--scenario: " + e.getMessage() + ": " + e.getCause().getMessage());
        }
    }

    /** Validation error of one option; the message starts with the flag. */
    static final class BadOption extends RuntimeException {
        BadOption(String message) {
            super(message);
        }
    }

    /** Checks that a base URL is an absolute http(s) URL with a host. */
    public static final class HostValidator {
        private HostValidator() {
        }

        /** @return null when valid, else the reason */
        public static String problem(String url) {
            try {
                URI uri = new URI(url);
                if (uri.getScheme() == null
                        || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                    return "'" + url + "' is not an http(s) URL (e.g. http://127.0.0.1:8080)";
                }
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    return "'" + url + "' has no host (e.g. http://127.0.0.1:8080)";
                }
                if (uri.getRawUserInfo() != null) {
                    // It would be shown in the UI, the stats and every stored run; credentials go in the scenario.
                    return "must not contain credentials (user:password@); put them in the scenario's headers";
                }
                return null;
            } catch (URISyntaxException e) {
                return "'" + url + "' is not a valid URL: " + e.getReason();
            }
        }
    }
}
