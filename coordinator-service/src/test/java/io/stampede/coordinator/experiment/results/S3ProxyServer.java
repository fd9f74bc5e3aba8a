package io.stampede.coordinator.experiment.results;

import io.stampede.testing.ListenPorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: s3proxy with its in-memory (transient) backend, run from its
 * self-contained jar (copied to target/ by the build) as a separate process on 127.0.0.1 with
 * a free port, requiring AWS signatures with {@link #IDENTITY}/{@link #CREDENTIAL}.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "stampede-test-identity";
    public static final String CREDENTIAL = "stampede-test-credential";
    public static final String REGION = "us-east-1";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private S3ProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts s3proxy keeping its buckets under {@code dir}/data; returns once it accepts connections. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy jar not found (system property s3proxy.jar=" + jar
                    + "); the coordinator-service build copies it to target/s3proxy/ in process-test-resources");
        }
        int port = ListenPorts.free();
        Files.createDirectories(dir);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                // In memory: the tests keep nothing, and a thousand puts stay cheap.
                "jclouds.provider=transient",
                ""));
        Path log = dir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(process, port, log);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("s3proxy did not start on port " + port + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Settings that reach this server with its credentials; {@code callTimeout} bounds a call to a stopped server. */
    public S3Settings settings() {
        return new S3Settings(endpoint(), true, REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)), Duration.ofSeconds(10));
    }

    public S3Client client() {
        return S3ResultsStore.client(settings());
    }

    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Stops the server (also to make S3 fail under a running store). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

}
