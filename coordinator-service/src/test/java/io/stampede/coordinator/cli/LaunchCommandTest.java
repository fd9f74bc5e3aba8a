package io.stampede.coordinator.cli;

import io.stampede.core.load.Arrivals;
import io.stampede.core.load.LoadModel;
import io.stampede.core.load.RateShape;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.stampede.coordinator.run.ScenarioSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    LaunchCommand.Outcome parse(String... args) {
        return LaunchCommand.parse(args, false, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    LaunchOptions launched(String... args) {
        LaunchCommand.Outcome outcome = parse(args);
        assertThat(outcome).as(err.toString()).isInstanceOf(LaunchCommand.Launch.class);
        return ((LaunchCommand.Launch) outcome).options();
    }

    void rejected(String expectedInStderr, String... args) {
        assertThat(parse(args)).isEqualTo(new LaunchCommand.Exit(2));
        assertThat(err.toString()).contains(expectedInStderr);
    }

    @Test
    void allFlagsOfTheContract() {
        LaunchOptions o = launched("--headless", "-H", "http://127.0.0.1:8080", "-u", "20", "-r", "2.5", "-t", "1h30m",
                "--expect-workers", "3", "--csv", "out/run", "--json", "r.json", "--html", "r.html", "--print-stats",
                "--web-host", "0.0.0.0", "--web-auth", "me:secret", "--link-token", "tok");
        assertThat(o.headless()).isTrue();
        assertThat(o.loadModel()).isEqualTo(new LoadModel.Closed(20, 2.5));
        assertThat(o.runTime()).isEqualTo(Duration.ofMinutes(90));
        assertThat(o.expectWorkers()).isEqualTo(3);
        assertThat(o.localWorkers()).isZero(); // default 0 with --expect-workers
        assertThat(o.csvPrefix()).isEqualTo("out/run");
        assertThat(o.jsonFile()).isEqualTo(Path.of("r.json"));
        assertThat(o.printStats()).isTrue();
        assertThat(o.webHost()).isEqualTo("0.0.0.0");
        assertThat(o.webAuth()).isEqualTo("me:secret");
        assertThat(o.linkToken()).isEqualTo("tok");
        assertThat(o.scenario().resolveHost(o.host())).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void defaultsAndSpringPassthrough() {
        LaunchCommand.Outcome outcome = parse("--server.port=9999", "--stampede.coordinator.link.port=6000", "-H",
                "https://example.test");
        LaunchCommand.Launch launch = (LaunchCommand.Launch) outcome;
        assertThat(launch.springArgs()).containsExactly("--server.port=9999", "--stampede.coordinator.link.port=6000");
        assertThat(launch.options().localWorkers()).isEqualTo(1);
        assertThat(launch.options().webHost()).isEqualTo("127.0.0.1");
        assertThat(launch.options().loadModel()).isEqualTo(new LoadModel.Closed(1, 1));
        assertThat(LaunchCommand.parse(new String[0], true, new PrintWriter(out), new PrintWriter(err)))
                .satisfies(o -> assertThat(((LaunchCommand.Launch) o).options().webHost()).isEqualTo("0.0.0.0"));
    }

    @Test
    void allowedHostsBecomeTheSpringProperty() {
        LaunchCommand.Launch launch = (LaunchCommand.Launch) parse("--allowed-hosts", "stampede.example.com,10.0.0.5",
                "--allowed-hosts", "[fd00::1]");
        assertThat(launch.springArgs()).containsExactly(
                "--stampede.coordinator.allowed-hosts=stampede.example.com,10.0.0.5,[fd00::1]");
        rejected("--allowed-hosts: expected host names", "--allowed-hosts", "http://stampede.example.com");
        rejected("--allowed-hosts: expected host names", "--allowed-hosts", "example.com:8089");
    }

    @Test
    void hostWithCredentialsOrAnOverflowingRunTimeIsBadInput() {
        rejected("-H/--host: must not contain credentials", "-H", "http://user:pw@127.0.0.1:8080");
        rejected("-t/--run-time: invalid duration '9999999999999999h': too long", "-t", "9999999999999999h");
    }

    @Test
    void badInputExits2NamingTheFlag() {
        rejected("--no-such-flag", "--no-such-flag");
        rejected("-t/--run-time", "-t", "10x");
        rejected("-u/--users", "-u", "-5");
        rejected("-r/--spawn-rate", "-r", "0");
        rejected("-H/--host", "-H", "127.0.0.1:8080");
        rejected("-H/--host", "-H", "ftp://host");
        rejected("--web-auth", "--web-auth", "nocolon");
        rejected("-H/--host: required", "--headless", "-u", "1");
        rejected("-H/--host: required", "--headless", "-u", "1", "-f", shippedScenario("website.yaml").toString());
        rejected("-f/--scenario", "-f", "/does/not/exist.yaml");
    }

    @Test
    void openModelFlags() {
        LaunchOptions o = launched("--headless", "-H", "http://127.0.0.1:8080", "--rate", "500/s", "--max-in-flight", "64",
                "--arrivals", "poisson");
        LoadModel.Open open = (LoadModel.Open) o.loadModel();
        assertThat(open.shape()).isEqualTo(new RateShape.Constant(500, null));
        assertThat(open.maxInFlight()).isEqualTo(64);
        assertThat(open.maxQueue()).isEqualTo(LoadModel.Open.DEFAULT_MAX_QUEUE);
        assertThat(open.arrivals()).isEqualTo(Arrivals.POISSON);
        assertThat(((LoadModel.Open) launched("-H", "http://127.0.0.1:8080", "--stages", "100/s:30s,->400/s:1m")
                .loadModel()).profile().durationNanos()).isEqualTo(90_000_000_000L);
        assertThat(((LoadModel.Open) launched("-H", "http://127.0.0.1:8080", "--stairs", "100,50,10s,200")
                .loadModel()).shape()).isInstanceOf(RateShape.Stairs.class);
    }

    @Test
    void openModelMistakesExit2NamingTheFlag() {
        rejected("-u/--users: conflicts with an arrival rate", "-H", "http://127.0.0.1:8080", "-u", "10", "--rate", "5");
        rejected("--rate: '-1' is not a rate", "-H", "http://127.0.0.1:8080", "--rate", "-1");
        rejected("--stages: stage 1 '100/s' needs RATE:DURATION (a rate with no duration)", "-H", "http://127.0.0.1:8080",
                "--stages", "100/s");
        rejected("--stairs: until: 100/s is below start 400/s", "-H", "http://127.0.0.1:8080", "--stairs",
                "400/s,50/s,10s,100/s");
        rejected("--max-in-flight: only with an arrival rate", "-H", "http://127.0.0.1:8080", "--max-in-flight", "5");
        rejected("--max-in-flight: must be 1 or more", "-H", "http://127.0.0.1:8080", "--rate", "5", "--max-in-flight", "0");
        rejected("--arrivals: 'bursty' is not one of even, poisson", "-H", "http://127.0.0.1:8080", "--rate", "5",
                "--arrivals", "bursty");
        rejected("-r/--spawn-rate: only with users", "-H", "http://127.0.0.1:8080", "-r", "5", "--rate", "5");
    }

    @Test
    void webBasePathIsAPathPrefixWithoutTrailingSlash() {
        assertThat(launched("--web-base-path", "/stampede").webBasePath()).isEqualTo("/stampede");
        assertThat(launched("--web-base-path", "/team-a/load_test.1").webBasePath()).isEqualTo("/team-a/load_test.1");
        assertThat(launched().webBasePath()).isNull();
        rejected("--web-base-path: expected a path that starts with '/'", "--web-base-path", "stampede");
        rejected("got 'stampede'", "--web-base-path", "stampede");
        rejected("got '/stampede/'", "--web-base-path", "/stampede/");
        rejected("got '/'", "--web-base-path", "/");
        rejected("got '/load test'", "--web-base-path", "/load test");
        rejected("got '/a//b'", "--web-base-path", "/a//b");
        rejected("got ''", "--web-base-path", "");
    }

    @Test
    void invalidScenarioIsReportedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\nusers:\n  - name: u\n    wait: {constant: soon}\n    tasks: []\n");
        rejected("bad.yaml:", "-f", file.toString());
        assertThat(err.toString()).containsPattern("bad\\.yaml:\\d+:\\d+");
    }

    @Test
    void scenarioHostMakesHeadlessValidWithoutH(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                name: ok
                host: http://127.0.0.1:8080
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps:
                          - http: {method: GET, path: /}
                """);
        LaunchOptions o = launched("--headless", "-f", file.toString());
        assertThat(o.scenario().yaml()).contains("name: ok");
        assertThat(o.scenario().resolveHost(null)).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(parse("--help")).isEqualTo(new LaunchCommand.Exit(0));
        assertThat(out.toString()).contains("--spawn-rate").contains("--local-workers").contains("--link-token")
                .contains("--web-base-path");
    }

    @Test
    void runTimeFormats() {
        assertThat(RunTimeParser.parse("20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(RunTimeParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RunTimeParser.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(RunTimeParser.parse("3h30m10s")).isEqualTo(Duration.ofSeconds(3 * 3600 + 30 * 60 + 10));
    }

    /** A scenario without relative http steps (the CoreDNS test: k8s and dns steps) needs no dummy -H. */
    @Test
    void headlessScenarioWithoutRelativeHttpStepsNeedsNoHost() {
        LaunchOptions o = launched("--headless", "-u", "10", "-f", shippedScenario("coredns.yaml").toString());
        assertThat(o.scenario().resolveHost(o.host())).isNull();
        assertThat(o.scenario().needsHost()).isFalse();
        assertThat(ScenarioSource.defaultScenario(null).needsHost()).isTrue();
    }

    private static Path shippedScenario(String name) {
        Path scenarios = Path.of("..", "scenarios", name);
        assertThat(scenarios).exists();
        return scenarios;
    }
}
