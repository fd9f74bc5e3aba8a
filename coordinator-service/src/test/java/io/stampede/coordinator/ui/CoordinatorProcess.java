package io.stampede.coordinator.ui;

import io.stampede.testing.ListenPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged coordinator jar run as users run it, on free ports, with its log in a file. */
final class CoordinatorProcess implements AutoCloseable {

    final int webPort = ListenPorts.free();
    final int linkPort = ListenPorts.free();
    final Path log;
    private final Process process;

    /** URL path prefix of the web port ({@code --web-base-path}), empty at the root. */
    final String basePath;

    CoordinatorProcess(Path workDir, List<String> args) throws IOException {
        this(workDir, args, "");
    }

    CoordinatorProcess(Path workDir, List<String> args, String basePath) throws IOException {
        this.basePath = basePath;
        String jar = System.getProperty("coordinator.jar", "target/coordinator-service.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("coordinator jar missing: " + jar + " (run through 'mvn verify')");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar,
                "--server.port=" + webPort, "--stampede.coordinator.link.port=" + linkPort));
        command.addAll(args);
        log = workDir.resolve("coordinator.log");
        process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitHealthy();
    }

    /** The coordinator's process, e.g. to find the processes it started. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    String url() {
        return "http://127.0.0.1:" + webPort + basePath;
    }

    private void awaitHealthy() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coordinator exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("coordinator not healthy within 60 s:\n" + Files.readString(log));
    }


    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
