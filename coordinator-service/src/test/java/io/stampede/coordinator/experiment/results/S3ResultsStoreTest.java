package io.stampede.coordinator.experiment.results;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store, its local fallback and its preflight check against a real s3proxy: one server
 * for the class, a fresh bucket per test; the tests that stop S3 start their own server.
 */
class S3ResultsStoreTest {

    private static final String BUCKET = "results";
    private static S3ProxyServer shared;

    @TempDir
    static Path sharedDir;

    @TempDir
    Path dir;

    S3ProxyServer s3;

    @BeforeAll
    static void startShared() throws Exception {
        shared = S3ProxyServer.start(sharedDir.resolve("s3"));
    }

    @AfterAll
    static void stopShared() throws Exception {
        shared.close();
    }

    @BeforeEach
    void emptyBucket() {
        s3 = shared;
        try (S3Client client = s3.client()) {
            if (client.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(BUCKET))) {
                client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()
                        .forEach(object -> client.deleteObject(b -> b.bucket(BUCKET).key(object.key())));
                client.deleteBucket(b -> b.bucket(BUCKET));
            }
        }
        s3.createBucket(BUCKET);
    }

    /** For the tests that stop S3: a server of their own. */
    private void ownServer() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
    }

    @AfterEach
    void stopOwn() throws Exception {
        if (s3 != shared) {
            s3.close();
        }
    }

    private S3ResultsStore store(String location) {
        return S3ResultsStore.open(S3Location.parse(location), s3.settings());
    }

    @Test
    void putsGetsAndListsNestedPathsUnderTheLocationsPrefix() throws IOException {
        try (S3ResultsStore store = store("s3://" + BUCKET + "/team/suites")) {
            store.put("checkout/20261205030000/metadata.json", "{\"qps\":10}".getBytes(UTF_8));
            store.put("checkout/20261205030000/metrics/memory.json", "[1]".getBytes(UTF_8));
            store.put("checkout/20261205031000/metadata.json", "{\"qps\":20}".getBytes(UTF_8));
            store.put("search/20261205030000/stats.csv", "a,b\n".getBytes(UTF_8));
            // Beyond one 128 KiB chunk of a streaming upload, as a report.html is.
            byte[] report = "<p>report</p>\n".repeat(40_000).getBytes(UTF_8);
            store.put("search/20261205030000/report.html", report);
            assertThat(store.get("search/20261205030000/report.html")).hasValue(report);
            store.put("checkout/20261205030000/metadata.json", "{\"qps\":11}".getBytes(UTF_8));

            assertThat(store.location()).isEqualTo("s3://results/team/suites");
            assertThat(new String(store.get("checkout/20261205030000/metadata.json").orElseThrow(), UTF_8))
                    .isEqualTo("{\"qps\":11}");
            assertThat(store.get("checkout/20261205030000/stats.json")).isEmpty();
            assertThat(store.list("")).containsExactly(
                    "checkout/20261205030000/metadata.json",
                    "checkout/20261205030000/metrics/memory.json",
                    "checkout/20261205031000/metadata.json",
                    "search/20261205030000/report.html",
                    "search/20261205030000/stats.csv");
            assertThat(store.list("checkout/20261205030000/")).containsExactly(
                    "checkout/20261205030000/metadata.json", "checkout/20261205030000/metrics/memory.json");
            assertThat(store.list("nothing/")).isEmpty();
        }
        try (S3Client client = s3.client()) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("team/suites/search/20261205030000/stats.csv"))
                    .asUtf8String()).isEqualTo("a,b\n");
        }
    }

    @Test
    void refusesPathsThatWouldLeaveThePrefix() {
        try (S3ResultsStore store = store("s3://" + BUCKET + "/p")) {
            for (String path : List.of("../other/metadata.json", "/abs.json", "a//b.json", "a/./b.json", "dir/")) {
                assertThatThrownBy(() -> store.put(path, new byte[0])).as(path).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void listsBeyondOnePageOfKeys() throws IOException {
        // S3 returns at most 1000 keys per ListObjectsV2 call: 1005 need a second page.
        int count = 1005;
        try (S3Client client = s3.client()) {
            IntStream.range(0, count).parallel().forEach(i -> client.putObject(
                    b -> b.bucket(BUCKET).key("many/run/" + "%04d".formatted(i) + ".json"), RequestBody.fromString("{}")));
        }
        try (S3ResultsStore store = store("s3://" + BUCKET + "/many")) {
            List<String> listed = store.list("run/");
            assertThat(listed).hasSize(count).isSorted();
            assertThat(listed.getFirst()).isEqualTo("run/0000.json");
            assertThat(listed.getLast()).isEqualTo("run/1004.json");
        }
    }

    @Test
    void whenS3StopsEveryFileStaysInTheFallbackDirectoryAndEachFailureIsReported() throws Exception {
        ownServer();
        Path fallbackDir = dir.resolve("unsent");
        FallbackResultsStore store = (FallbackResultsStore) ResultsStores.open("s3://" + BUCKET + "/suite", s3.settings(),
                fallbackDir);
        store.put("t/1/metadata.json", "uploaded".getBytes(UTF_8));
        assertThat(store.failures()).isEmpty();

        s3.close();
        store.put("t/2/stats.json", "kept 1".getBytes(UTF_8));
        store.put("t/2/metadata.json", "kept 2".getBytes(UTF_8));

        assertThat(Files.readString(fallbackDir.resolve("t/2/stats.json"))).isEqualTo("kept 1");
        assertThat(Files.readString(fallbackDir.resolve("t/2/metadata.json"))).isEqualTo("kept 2");
        assertThat(fallbackDir.resolve("t/1/metadata.json")).doesNotExist();
        assertThat(store.failures()).extracting(FallbackResultsStore.Failure::path)
                .containsExactly("t/2/stats.json", "t/2/metadata.json");
        assertThat(store.failures()).allSatisfy(failure -> {
            assertThat(failure.operation()).isEqualTo("put");
            assertThat(failure.error()).contains("s3://results/suite/t/2/");
        });
        assertThat(ResultsStores.failures(store)).hasSize(2);
        // Reads still find what stayed local; the listing says S3 could not be listed.
        assertThat(new String(store.get("t/2/metadata.json").orElseThrow(), UTF_8)).isEqualTo("kept 2");
        assertThat(store.list("t/")).containsExactly("t/2/metadata.json", "t/2/stats.json");
        assertThat(store.failures()).last().extracting(FallbackResultsStore.Failure::operation).isEqualTo("list");
        store.close();
    }

    @Test
    void aMissingBucketSendsResultsToTheFallbackDirectory() throws Exception {
        Path fallbackDir = dir.resolve("unsent");
        try (FallbackResultsStore store = (FallbackResultsStore) ResultsStores.open("s3://no-such-bucket/x", s3.settings(),
                fallbackDir)) {
            store.put("t/1/metadata.json", "{}".getBytes(UTF_8));
            assertThat(fallbackDir.resolve("t/1/metadata.json")).hasContent("{}");
            assertThat(store.failures()).singleElement().satisfies(failure -> assertThat(failure.error()).contains("NoSuchBucket"));
            assertThat(store.fallbackLocation()).isEqualTo(fallbackDir.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void preflightPassesOnAWorkingLocationAndLeavesNothingBehind() throws Exception {
        try (FallbackResultsStore store = (FallbackResultsStore) ResultsStores.open("s3://" + BUCKET + "/ok", s3.settings(),
                dir.resolve("unsent"))) {
            ResultsStores.preflight(store);
            assertThat(store.list("")).isEmpty();
            assertThat(store.failures()).isEmpty();
        }
        try (S3Client client = s3.client()) {
            assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void preflightNamesAMissingBucket() throws Exception {
        try (FallbackResultsStore store = (FallbackResultsStore) ResultsStores.open("s3://no-such-bucket/x", s3.settings(),
                dir.resolve("unsent"))) {
            assertThatThrownBy(() -> ResultsStores.preflight(store)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot list s3://no-such-bucket/x: NoSuchBucket (HTTP 404)");
        }
    }

    @Test
    void preflightNamesCredentialsTheServerRejects() throws Exception {
        S3Settings wrong = new S3Settings(s3.endpoint(), true, S3ProxyServer.REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("someone-else", "wrong")), Duration.ofSeconds(10));
        try (S3ResultsStore store = S3ResultsStore.open(S3Location.parse("s3://" + BUCKET + "/x"), wrong)) {
            assertThatThrownBy(store::preflight).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot list s3://results/x: ")
                    .hasMessageContaining("HTTP 403");
        }
    }

    @Test
    void preflightNamesAnUnreachableServer() throws Exception {
        ownServer();
        s3.close();
        try (S3ResultsStore store = store("s3://" + BUCKET + "/x")) {
            assertThatThrownBy(store::preflight).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot list s3://results/x: ")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void preflightChecksTheFallbackDirectoryToo() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        try (FallbackResultsStore store = (FallbackResultsStore) ResultsStores.open("s3://" + BUCKET + "/ok", s3.settings(),
                file.resolve("unsent"))) {
            assertThatThrownBy(() -> ResultsStores.preflight(store)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("fallback directory for s3://results/ok: cannot write to directory");
        }
    }
}
