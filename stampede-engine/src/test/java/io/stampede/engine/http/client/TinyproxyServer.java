package io.stampede.engine.http.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.stampede.testing.ForegroundServer;
import io.stampede.testing.ListenPorts;
import io.stampede.testing.RequiredTools;

/**
 * Debian's tinyproxy, started in the foreground on a free loopback port with a config of its own
 * in a temporary folder, always stopped by {@link #close()}. Its log has one line per request
 * ({@code Request (file descriptor 5): GET http://127.0.0.1:8080/x HTTP/1.1}, {@code CONNECT host:port}),
 * which is how tests see that a request went through it. Without the binary the calling test is
 * skipped saying so, except with {@code CI=true} (CI installs it from .ci/apt.d/proxy.txt), where it fails.
 */
public final class TinyproxyServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/tinyproxy");

    public final int port;
    private final Path log;
    private final ForegroundServer server;

    /**
     * @param connectPorts the ports it lets CONNECT tunnel to (tinyproxy allows only 443 and 563 by default)
     * @param basicAuth    "user password" required from clients, or null
     */
    public TinyproxyServer(Path dir, List<Integer> connectPorts, String basicAuth) throws Exception {
        RequiredTools.require("apt-get install tinyproxy", BINARY);
        port = ListenPorts.free(); // tinyproxy binds it later, in its own process
        log = dir.resolve("tinyproxy.log");
        StringBuilder config = new StringBuilder()
                .append("Port ").append(port).append('\n')
                .append("Listen 127.0.0.1\n")
                .append("Timeout 30\n")
                .append("LogFile \"").append(log).append("\"\n")
                .append("LogLevel Connect\n")
                .append("MaxClients 64\n")
                .append("Allow 127.0.0.1\n")
                .append("DisableViaHeader Yes\n");
        for (int connectPort : connectPorts) {
            config.append("ConnectPort ").append(connectPort).append('\n');
        }
        if (basicAuth != null) {
            config.append("BasicAuth ").append(basicAuth).append('\n');
        }
        Path configFile = dir.resolve("tinyproxy.conf");
        Files.writeString(configFile, config);
        server = ForegroundServer.start("tinyproxy", List.of(BINARY.toString(), "-d", "-c", configFile.toString()),
                dir.resolve("tinyproxy.out"), () -> "", port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The request lines it logged ({@code GET http://... HTTP/1.1}, {@code CONNECT host:port HTTP/1.1}). */
    public List<String> requests() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("Request (file descriptor"))
                .map(line -> line.substring(line.indexOf("): ") + 3))
                .collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
