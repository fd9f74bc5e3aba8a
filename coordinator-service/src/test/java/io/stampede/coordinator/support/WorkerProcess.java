package io.stampede.coordinator.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.stampede.engine.link.Worker;
import io.stampede.engine.link.WorkerSettings;

/**
 * A real engine worker in a JVM of its own (the test classpath, {@link #main}), so a test can
 * kill -9, SIGSTOP or SIGTERM it as an operator or the kernel would. Extra {@code -D} options
 * (e.g. a worker's resource budget) go before the class name.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final String id;

    private WorkerProcess(Process process, String id) {
        this.process = process;
        this.id = id;
    }

    public static WorkerProcess start(String id, int linkPort, String token, Path log, String... jvmOptions)
            throws IOException {
        return start(List.of(), id, linkPort, token, log, jvmOptions);
    }

    /**
     * A worker whose file-descriptor limit (soft and hard: the JVM raises its soft limit to the
     * hard one at startup) is {@code maxFds}, set by {@code prlimit} as {@code ulimit -n} would.
     */
    public static WorkerProcess startWithFdLimit(int maxFds, String id, int linkPort, String token, Path log,
                                                 String... jvmOptions) throws IOException {
        return start(List.of("prlimit", "--nofile=" + maxFds + ":" + maxFds, "--"), id, linkPort, token, log,
                jvmOptions);
    }

    private static WorkerProcess start(List<String> launcher, String id, int linkPort, String token, Path log,
                                       String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                "ws://127.0.0.1:" + linkPort + WorkerSettings.LINK_PATH, token, id));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new WorkerProcess(process, id);
    }

    public String id() {
        return id;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no last report, no bye, the socket closes with the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the worker's shutdown hook sends its last report and bye. */
    public boolean terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP / SIGCONT: frozen, the socket stays open, nothing is sent. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** args: link URL, token, worker id. Runs until killed; SIGTERM closes the worker as worker-service does. */
    public static void main(String[] args) throws InterruptedException {
        Worker worker = new Worker(WorkerSettings.of(args[0], args[1]).withWorkerId(args[2]));
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            forever.countDown();
        }));
        worker.start();
        forever.await();
    }
}
