package io.stampede.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The helpers that run real programs in tests: what they say when a program is missing or fails. */
class TestProgramsTest {

    @TempDir
    Path dir;

    @Test
    void aPresentToolIsRequiredWithoutAWord() {
        RequiredTools.require("apt-get install dash", Path.of("/bin/sh"));
    }

    /** Skipped with the reason off CI, a failure on CI: never a silent skip. */
    @Test
    void aMissingToolSkipsOffCiAndFailsOnCi() {
        Path missing = dir.resolve("no-such-program");
        Class<? extends Throwable> expected = RequiredTools.onCi() ? IllegalStateException.class : TestAbortedException.class;
        assertThatThrownBy(() -> RequiredTools.require("apt-get install it", Path.of("/bin/sh"), missing))
                .isInstanceOf(expected)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("apt-get install it")
                .hasMessageNotContaining("/bin/sh,");
    }

    @Test
    void aCommandsOutputComesBackAndAFailureCarriesIt() throws Exception {
        assertThat(Commands.run(dir, List.of("/bin/sh", "-c", "echo made; pwd"))).isEqualTo("made\n" + dir.toRealPath() + "\n");
        assertThatThrownBy(() -> Commands.run(dir, List.of("/bin/sh", "-c", "echo broken >&2; exit 3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed (3)")
                .hasMessageContaining("broken");
    }

    /** A server that dies while being waited for fails the start at once, with its output and the caller's diagnostics. */
    @Test
    void aServerThatExitsDuringStartFailsWithItsOutput() {
        assertThatThrownBy(() -> ForegroundServer.start("fake-server",
                List.of("/bin/sh", "-c", "echo bad config line 7; exit 1"), dir.resolve("out.txt"), () -> " [error log]",
                ListenPorts.free()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake-server exited with 1")
                .hasMessageContaining("bad config line 7")
                .hasMessageContaining("[error log]"); // not "timed out": the exit ended the wait
    }
}
