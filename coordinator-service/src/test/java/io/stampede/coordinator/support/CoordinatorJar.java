package io.stampede.coordinator.support;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The packaged coordinator in a JVM of its own (integration tests, after {@code package}), so a
 * test can SIGTERM or kill -9 it as Kubernetes or the kernel would. Its output goes to
 * {@code coordinator.log} in the given directory, which is also its working directory.
 */
public final class CoordinatorJar {

    private CoordinatorJar() {
    }

    /** The jar failsafe passes as {@code coordinator.jar}. */
    public static Path path() {
        Path jar = Path.of(System.getProperty("coordinator.jar", "target/coordinator-service.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("run 'package' first: " + jar + " is what this test runs");
        }
        return jar;
    }

    /** Starts the coordinator on loopback, web port {@code webPort}, with {@code args} (flags and --key=value). */
    public static Process start(Path dir, List<String> args, int webPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx384m", "-jar", path().toAbsolutePath().toString()));
        command.addAll(args);
        command.addAll(List.of("--web-host", "127.0.0.1"));
        command.add("--server.port=" + webPort);
        if (args.stream().noneMatch(arg -> arg.startsWith("--stampede.coordinator.link.port="))) {
            command.add("--stampede.coordinator.link.port=0");
        }
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile())).start();
    }

    public static Path log(Path dir) {
        return dir.resolve("coordinator.log");
    }

    /** Until {@code /actuator/health} answers 200; fails at once when the process exits. */
    public static void awaitHealthy(String url, Process process) {
        await(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("coordinator exited with " + process.exitValue());
            }
            try {
                return Http.get(url + "/actuator/health").statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "coordinator healthy");
    }

    /** Polls every 100 ms, at most 90 s. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
