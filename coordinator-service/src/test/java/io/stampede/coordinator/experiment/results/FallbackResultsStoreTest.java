package io.stampede.coordinator.experiment.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure record of a store that lives as long as the coordinator stays bounded (S3 refusing for days). */
class FallbackResultsStoreTest {

    /** A remote store that refuses everything (the real S3 failures are S3ResultsStoreTest's, with s3proxy). */
    private static final ResultsStore REFUSING = new ResultsStore() {
        @Override
        public void put(String path, byte[] content) throws IOException {
            throw new IOException("refused");
        }

        @Override
        public Optional<byte[]> get(String path) throws IOException {
            throw new IOException("refused");
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            throw new IOException("refused");
        }

        @Override
        public String location() {
            return "s3://down/suite";
        }
    };

    @Test
    void keepsTheNewestFailuresAndCountsEveryOneWhileEveryFileStaysLocal(@TempDir Path dir) throws Exception {
        FallbackResultsStore store = new FallbackResultsStore(REFUSING, new LocalResultsStore(dir));
        int puts = FallbackResultsStore.KEPT_FAILURES + 5;
        for (int i = 0; i < puts; i++) {
            store.put("t/20261205000000/f" + i, ("r" + i).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(store.failureCount()).isEqualTo(puts);
        assertThat(ResultsStores.failureCount(store)).isEqualTo(puts);
        assertThat(store.failures()).hasSize(FallbackResultsStore.KEPT_FAILURES);
        assertThat(store.failures().getFirst().path()).isEqualTo("t/20261205000000/f5");
        assertThat(store.failures().getLast().path()).isEqualTo("t/20261205000000/f" + (puts - 1));
        assertThat(store.get("t/20261205000000/f0")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("r0"));
    }
}
