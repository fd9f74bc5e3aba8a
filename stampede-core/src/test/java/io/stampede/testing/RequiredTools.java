package io.stampede.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

/**
 * The real programs tests run beside the JVM (nginx, openssl, tinyproxy, Prometheus, Chromium, a
 * kube-apiserver): a test whose program is missing is skipped with a reason that names it and
 * how to install it, except on CI ({@code CI=true}), where {@code .ci/run} installs every one of
 * them and a missing one is a failure, never a silent skip.
 */
public final class RequiredTools {

    private RequiredTools() {
    }

    /** {@code CI=true}: the programs tests need must be there. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Returns when every binary is an executable file; otherwise skips the calling test (fails it
     * on CI) saying which are missing and {@code howToInstall}, e.g. "apt-get install nginx openssl".
     */
    public static void require(String howToInstall, Path... binaries) {
        List<Path> missing = Arrays.stream(binaries).filter(binary -> !Files.isExecutable(binary)).toList();
        if (missing.isEmpty()) {
            return;
        }
        unavailable(missing.stream().map(Path::toString).collect(Collectors.joining(", ")) + " missing: " + howToInstall);
    }

    /**
     * Skips the calling test with {@code reason} (fails it on CI, where nothing may be missing):
     * for what a test needs beyond a program, e.g. a container engine or a built image.
     */
    public static void unavailable(String reason) {
        if (onCi()) {
            throw new IllegalStateException(reason + " (CI=true: .ci/run provides it, so it must be there)");
        }
        Assumptions.abort(reason);
    }
}
