package io.stampede.coordinator.experiment.topology;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackendsMap} as local sample-workload processes: one {@code java -jar
 * sample-workload.jar} per node on a free loopback port, its {@code BACKENDS} the
 * {@code /mesh} URLs of the nodes it calls. {@link #deploy} returns once every node's
 * {@code /actuator/health} says UP; {@link #close()} ends them all (SIGTERM, then SIGKILL after
 * a grace period), also from a JVM shutdown hook. Each node's output goes to
 * {@code <logDir>/<node>.log}.
 */
public final class LocalProcessTopology implements Topology {

    private static final Logger log = LoggerFactory.getLogger(LocalProcessTopology.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param jar          the sample-workload jar
     * @param jvmArgs      JVM options of every node (heap size, GC ...)
     * @param startTimeout how long every node together may take to answer UP
     * @param grace        how long a node may take to stop after SIGTERM before it is killed
     * @param logDir       where the nodes' output goes; null: a new temporary directory
     */
    public record Options(Path jar, List<String> jvmArgs, Duration startTimeout, Duration grace, Path logDir) {

        /** The contract's jar path, relative to the working directory (the repository root). */
        public static final Path DEFAULT_JAR = Path.of("sample-workload", "target", "sample-workload.jar");

        public Options {
            Objects.requireNonNull(jar, "jar");
            jvmArgs = List.copyOf(jvmArgs);
            Objects.requireNonNull(startTimeout, "startTimeout");
            Objects.requireNonNull(grace, "grace");
        }

        /** The default jar, a small heap and serial GC (several nodes share a laptop), 2 minutes to start, 10 s grace. */
        public static Options defaults() {
            return new Options(DEFAULT_JAR, List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    Duration.ofMinutes(2), Duration.ofSeconds(10), null);
        }

        public Options withJar(Path newJar) {
            return new Options(newJar, jvmArgs, startTimeout, grace, logDir);
        }

        public Options withStartTimeout(Duration newStartTimeout) {
            return new Options(jar, jvmArgs, newStartTimeout, grace, logDir);
        }

        public Options withLogDir(Path newLogDir) {
            return new Options(jar, jvmArgs, startTimeout, grace, newLogDir);
        }
    }

    /** A started node: its process, port and log. */
    public record Node(String name, int port, Process process, Path log) {
        public URI baseUrl() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private final Options options;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "stampede-local-topology-stop");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private boolean hooked;

    public LocalProcessTopology(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The nodes started so far, in map order. */
    public synchronized Map<String, Node> nodes() {
        return Map.copyOf(nodes);
    }

    @Override
    public synchronized URI deploy(BackendsMap map) throws Exception {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalArgumentException("sample-workload jar: " + options.jar().toAbsolutePath()
                    + " does not exist (./mvnw -pl sample-workload -am -DskipTests package builds it)");
        }
        String entry = map.entryNode();
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hooked = true;
        }
        Path logDir = options.logDir() != null ? Files.createDirectories(options.logDir())
                : Files.createTempDirectory("stampede-topology-");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String node : map.backends().keySet()) {
            ports.put(node, freePort());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            for (String node : map.backends().keySet()) {
                String backends = map.backends().get(node).stream()
                        .map(callee -> "http://127.0.0.1:" + ports.get(callee) + "/mesh")
                        .collect(Collectors.joining(","));
                List<String> command = new ArrayList<>();
                command.add(java);
                command.addAll(options.jvmArgs());
                command.addAll(List.of("-jar", options.jar().toAbsolutePath().toString(),
                        "--server.port=" + ports.get(node), "--server.address=127.0.0.1"));
                Path logFile = logDir.resolve(TopologyLabels.dnsPart(node, 63) + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                builder.environment().put("BACKENDS", backends);
                nodes.put(node, new Node(node, ports.get(node), builder.start(), logFile));
            }
            awaitHealthy();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        // the pids: after a SIGKILL of this JVM (no hook runs) the nodes live on, and these say which to end
        log.info("Local topology: {} sample-workload node(s) up, entry {} on {}; pids {}", nodes.size(), entry,
                nodes.get(entry).baseUrl(), nodes.values().stream().map(n -> n.name() + "=" + n.process().pid()).toList());
        return nodes.get(entry).baseUrl();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        for (Node node : nodes.values()) {
            HttpRequest health = HttpRequest.newBuilder(node.baseUrl().resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (true) {
                if (!node.process().isAlive()) {
                    throw new IllegalStateException("node " + node.name() + " exited (" + node.process().exitValue()
                            + ") before it was healthy; its log " + node.log() + " ends:\n" + tail(node.log()));
                }
                try {
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node " + node.name() + " not healthy within "
                            + options.startTimeout().toSeconds() + " s; its log " + node.log() + " ends:\n" + tail(node.log()));
                }
                Thread.sleep(POLL);
            }
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM to every node, then SIGKILL to those still running after the grace period. */
    @Override
    public synchronized void close() {
        nodes.values().forEach(n -> n.process().destroy());
        long deadline = System.nanoTime() + options.grace().toNanos();
        for (Node node : nodes.values()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!node.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn("Node {} did not stop within {} s: killing it", node.name(), options.grace().toSeconds());
                    node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        nodes.clear();
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is closing us
            }
            hooked = false;
        }
    }
}
