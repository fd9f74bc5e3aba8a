package io.stampede.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short command-line programs a test runs to prepare its fixtures (openssl making certificates...). */
public final class Commands {

    /** Bound of one command: these make files in a moment, a hung one must not hang the build. */
    private static final long TIMEOUT_SECONDS = 30;

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code dir} and returns its output (standard output and error);
     * fails with that output if it exits non-zero, and kills it after 30 s.
     */
    public static String run(Path dir, List<String> command) throws Exception {
        // Output to a file, not a pipe: a program that fills a pipe nobody reads, or never closes it, would hang the wait.
        Path outputFile = Files.createTempFile("command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile())
                    .directory(dir.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            String output = Files.readString(outputFile, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed (" + process.exitValue() + "): " + command + "\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(outputFile);
        }
    }
}
