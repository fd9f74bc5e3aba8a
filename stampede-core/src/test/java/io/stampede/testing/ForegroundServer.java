package io.stampede.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A server program (nginx, tinyproxy...) that a test runs in the foreground as a child process,
 * its output in a file: started and waited for until it accepts connections on every loopback port
 * it was configured with, and always stopped by {@link #close()}. If it exits while being waited
 * for, the start fails with its output and whatever else the caller can tell (its error log).
 */
public final class ForegroundServer implements AutoCloseable {

    /** How long a server of the machine's packages may take to listen. */
    private static final Duration START = Duration.ofSeconds(10);

    private final Process process;

    private ForegroundServer(Process process) {
        this.process = process;
    }

    /**
     * @param name        what the test runs, for messages
     * @param command     the program and its arguments (it must stay in the foreground)
     * @param output      the file its standard output and error go to
     * @param diagnostics more to tell when it exits during start (e.g. its error log), or ""
     * @param ports       the 127.0.0.1 ports it listens on once started
     */
    public static ForegroundServer start(String name, List<String> command, Path output, Supplier<String> diagnostics,
                                         int... ports) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ForegroundServer server = new ForegroundServer(process);
        try {
            for (int port : ports) {
                Await.until(name + " listening on 127.0.0.1:" + port, START, () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ": "
                                + read(output) + diagnostics.get());
                    }
                    return accepts(port);
                });
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A file's text, or "" when it is not there (yet). */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
