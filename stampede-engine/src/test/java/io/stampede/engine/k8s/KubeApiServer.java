package io.stampede.engine.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.stampede.testing.RequiredTools;

/**
 * A real Kubernetes 1.20 API server plus etcd on loopback for one test class, run by the
 * repository's {@code scripts/kube-apiserver.sh} with its state in
 * {@code <module>/target/kube-<name>}. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final KubeApiServer API = new KubeApiServer("engine");}</pre>
 *
 * The kube-apiserver binary is built once ({@code scripts/kube-apiserver.sh build}, about 8
 * minutes); without it the class is disabled with that command as the reason, or fails when the
 * environment says CI=true (CI builds it in .ci/setup.d, so a missing binary there is a bug).
 * The server is stopped after the class whatever happened, and by a shutdown hook if the JVM
 * ends first. No scheduler, controller-manager or kubelet: a deleted namespace stays
 * Terminating, so tests use fresh namespaces (see {@link #freshNamespace(String)}).
 */
public final class KubeApiServer implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private static final String SCRIPT = "scripts/kube-apiserver.sh";
    private static final long START_TIMEOUT_SECONDS = 120;

    private final String name;
    private Path root;
    private Path stateDir;
    private Path kubeconfig;
    private Thread shutdownHook;
    private KubernetesClient client;

    /** {@code name} makes the state directory {@code target/kube-<name>}: one per test class. */
    public KubeApiServer(String name) {
        this.name = name;
    }

    /** The repository root: the module directory's parent (surefire runs in the module directory). */
    public static Path repositoryRoot() {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve(SCRIPT))) {
            throw new IllegalStateException("no " + SCRIPT + " in " + root + " (tests run in a module directory of the repository)");
        }
        return root;
    }

    /** Where {@code build} caches the binary: the script's own rule. */
    public static Path cachedBinary() {
        String cache = System.getenv("STAMPEDE_KUBE_CACHE");
        Path dir = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "stampede-kube");
        return dir.resolve("kube-apiserver");
    }

    /** Without the binary the class is skipped with the build command as reason (reported per test), unless CI=true. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Path binary = cachedBinary();
        if (Files.isExecutable(binary) || RequiredTools.onCi()) {
            return ConditionEvaluationResult.enabled("kube-apiserver binary at " + binary);
        }
        String why = missingBinary(binary);
        System.out.println("[kube-apiserver] skipped " + context.getDisplayName() + ": " + why);
        return ConditionEvaluationResult.disabled(why);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        root = repositoryRoot();
        Path binary = cachedBinary();
        if (!Files.isExecutable(binary)) {
            // only reached with CI=true (see evaluateExecutionCondition): CI must run these tests
            throw new IllegalStateException(missingBinary(binary)
                    + " (CI=true: .ci/setup.d/30-kube-apiserver.sh should have built it)");
        }
        stateDir = Path.of("target", "kube-" + name).toAbsolutePath();
        if (Files.isRegularFile(stateDir.resolve("pids"))) {
            script("stop", stateDir.toString()); // left running by a killed test JVM
        }
        deleteRecursively(stateDir); // a fresh etcd: nothing left from earlier runs
        Files.createDirectories(stateDir);
        shutdownHook = new Thread(this::stopQuietly, "kube-apiserver-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long t0 = System.nanoTime();
        String out = script("start", stateDir.toString());
        String export = out.lines().filter(l -> l.startsWith("export KUBECONFIG=")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException(SCRIPT + " start printed no KUBECONFIG: " + out));
        kubeconfig = Path.of(export.substring("export KUBECONFIG=".length()).strip());
        System.out.printf(Locale.ROOT, "[kube-apiserver] %s up in %d ms, state in %s%n", name,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), stateDir);
    }

    private static String missingBinary(Path binary) {
        return "no kube-apiserver binary at " + binary + ": build it once (about 8 min) with `"
                + repositoryRoot().resolve(SCRIPT) + " build`";
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
        if (stateDir != null) {
            stop();
        }
    }

    /** The kubeconfig the script wrote: token auth as system:masters, self-signed serving cert. */
    public Path kubeconfig() {
        if (kubeconfig == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return kubeconfig;
    }

    public Config config() {
        return Config.fromKubeconfig(kubeconfig().toFile());
    }

    /** A new client of this server (the caller closes it), e.g. for an executor under test. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** The test's own administrator view of the server (system:masters), closed with the server. */
    public KubernetesClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A namespace name no test of this server used yet (deleted namespaces never go away here). */
    public static String freshNamespace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void stop() {
        try {
            script("stop", stateDir.toString());
        } finally {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down: the hook is running or ran
                }
                shutdownHook = null;
            }
        }
    }

    private void stopQuietly() {
        try {
            script("stop", stateDir.toString());
        } catch (RuntimeException e) {
            System.err.println("[kube-apiserver] stop failed: " + e.getMessage());
        }
    }

    /** Runs the script; returns its stdout; throws with its stderr when it fails. */
    private String script(String... args) {
        List<String> command = Stream.concat(Stream.of(root.resolve(SCRIPT).toString()), Stream.of(args)).toList();
        try {
            // files, not pipes: the wait below stays bounded whatever the script's children hold open
            Path out = Files.createTempFile("kube-apiserver-", ".out");
            Path err = Files.createTempFile("kube-apiserver-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                            + START_TIMEOUT_SECONDS + " s:\n" + Files.readString(err));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(err));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
