package io.stampede.coordinator.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.stampede.coordinator.CoordinatorApplication;
import io.stampede.coordinator.experiment.results.LocalResultsStore;
import io.stampede.coordinator.experiment.results.S3ProxyServer;
import io.stampede.coordinator.support.TargetServer;
import io.stampede.testing.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code experiment run --results s3://…} end to end: the command's preflight, a real
 * coordinator with a local worker running a 2 s suite against a real target, and its results
 * read back from a real s3proxy. Credentials, region and endpoint reach the SDK the way a user
 * gives them (system properties here, their environment variables in a pod).
 */
class ExperimentS3ResultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey",
            "stampede.s3.endpoint", "stampede.s3.region", "stampede.results.fallback-dir");

    @TempDir
    Path dir;

    S3ProxyServer s3;
    TargetServer target;
    final Map<String, String> saved = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket("results");
        target = new TargetServer(n -> 0);
        PROPERTIES.forEach(name -> saved.put(name, System.getProperty(name)));
        System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
        System.setProperty("stampede.s3.endpoint", s3.endpoint().toString());
        System.setProperty("stampede.s3.region", S3ProxyServer.REGION);
        System.setProperty("stampede.results.fallback-dir", dir.resolve("unsent").toString());
    }

    @AfterEach
    void stop() throws Exception {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        target.close();
        s3.close();
    }

    private int experiment(String... args) {
        return ExperimentCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CoordinatorApplication::start);
    }

    private Path suite() throws Exception {
        return Files.writeString(dir.resolve("config.json"), """
                {"load_tests": [{"test_name": "tiny", "url": "%s/", "qps": 20, "t": "2s", "c": 4}]}
                """.formatted(target.url()));
    }

    @Test
    void aSuitesResultsLandUnderTheS3PrefixAndReadBack() throws Exception {
        int exit = experiment("run", suite().toString(), "--results", "s3://results/team/suites",
                "--server.port=0", "--stampede.coordinator.link.port=0");

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("results in s3://results/team/suites");
        try (S3Client client = s3.client()) {
            List<String> keys = client.listObjectsV2Paginator(b -> b.bucket("results").prefix("team/suites/"))
                    .contents().stream().map(S3Object::key).toList();
            String metadataKey = keys.stream().filter(key -> key.endsWith("/metadata.json")).findFirst().orElseThrow();
            assertThat(metadataKey).matches("team/suites/tiny/\\d{14}/metadata\\.json");
            String run = metadataKey.substring(0, metadataKey.length() - "metadata.json".length());
            assertThat(keys).contains(run + "stats.json", run + "stats.csv", run + "report.html");
            assertThat(keys).noneMatch(key -> key.contains(".stampede-preflight"));
            JsonNode metadata = JSON.readTree(client.getObjectAsBytes(b -> b.bucket("results").key(metadataKey)).asByteArray());
            assertThat(metadata.toString()).contains("\"tiny\"");
        }
        // The preflight made the fallback directory; nothing had to stay in it.
        assertThat(new LocalResultsStore(dir.resolve("unsent")).list("")).isEmpty();
    }

    @Test
    void whenS3GoesAwayDuringTheSuiteEveryFileStaysLocalAndTheCommandSaysSo() throws Exception {
        Path suite = suite();
        // S3 passes the preflight, then stops while the run is under way.
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                Await.until("the run's first request", Duration.ofSeconds(60), () -> target.requests() > 0);
                s3.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int exit = experiment("run", suite.toString(), "--results", "s3://results/team/suites",
                "--server.port=0", "--stampede.coordinator.link.port=0");
        stopper.join(Duration.ofSeconds(10));

        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(ExperimentRunner.EXIT_BAD_SETUP);
        List<String> kept = new LocalResultsStore(dir.resolve("unsent")).list("tiny/");
        assertThat(kept).anyMatch(path -> path.matches("tiny/\\d{14}/metadata\\.json"))
                .anyMatch(path -> path.endsWith("/stats.json")).anyMatch(path -> path.endsWith("/report.html"));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("results operation(s) on s3://results/team/suites failed; every file it refused is kept in "
                        + dir.resolve("unsent").toAbsolutePath().normalize())
                .contains("put tiny/");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 run(s) recorded, 0 failed");
    }

    @Test
    void aBucketThatDoesNotExistStopsTheSuiteBeforeAnyRun() throws Exception {
        int exit = experiment("run", suite().toString(), "--results", "s3://no-such-bucket/suites",
                "--server.port=0", "--stampede.coordinator.link.port=0");

        assertThat(exit).isEqualTo(ExperimentRunner.EXIT_BAD_SETUP);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --results s3://no-such-bucket/suites: "
                + "cannot list s3://no-such-bucket/suites: NoSuchBucket (HTTP 404)").contains("nothing was run");
        assertThat(target.requests()).isZero();
    }
}
