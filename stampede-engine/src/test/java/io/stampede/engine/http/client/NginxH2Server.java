package io.stampede.engine.http.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.stampede.testing.Commands;
import io.stampede.testing.ForegroundServer;
import io.stampede.testing.ListenPorts;
import io.stampede.testing.RequiredTools;

/**
 * Debian's nginx in the foreground with a config of its own in a temporary folder, always
 * stopped by {@link #close()}, listening on four loopback ports: h2c with prior knowledge
 * ({@code listen ... http2} without TLS, which nginx before 1.25 serves as prior-knowledge HTTP/2
 * only), h2 over TLS offered by ALPN, TLS without h2 (ALPN gets http/1.1), and plain HTTP/1.1. The
 * certificate is self-signed for 127.0.0.1, made by openssl at start. Every answer under {@code /}
 * is {@code <$server_protocol> <$connection> <method> <uri>}, so a test sees which protocol and
 * which connection carried each request; {@code /text} is a 20 KB text file served gzip-compressed
 * when asked. The access log has the same fields per line. {@code http2_max_concurrent_streams}
 * is {@value #MAX_STREAMS}. Without nginx or openssl the calling test is skipped saying so, except
 * with {@code CI=true} (CI installs them from .ci/apt.d/base.txt and kube.txt), where it fails.
 */
public final class NginxH2Server implements AutoCloseable {

    public static final int MAX_STREAMS = 8;
    /** Compresses well: 20 KB of a repeated line. */
    public static final String TEXT = "the quick brown fox jumps over the lazy dog\n".repeat(500);

    private static final Path BINARY = Path.of("/usr/sbin/nginx");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    public final int h2cPort;
    public final int h2TlsPort;
    public final int http1TlsPort;
    public final int http1Port;
    private final Path dir;
    private final ForegroundServer server;

    public NginxH2Server(Path dir) throws Exception {
        RequiredTools.require("apt-get install nginx openssl", BINARY, OPENSSL);
        this.dir = dir;
        Commands.run(dir, List.of(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/text"), TEXT);
        Files.createDirectories(dir.resolve("tmp"));
        h2cPort = ListenPorts.free();
        h2TlsPort = ListenPorts.free();
        http1TlsPort = ListenPorts.free();
        http1Port = ListenPorts.free();
        String location = """
                        location = /text { root %s; default_type text/plain; }
                        location = /missing { return 404; }
                        location / { default_type text/plain; return 200 "$server_protocol $connection $request_method $request_uri\\n"; }
                """.formatted(dir.resolve("www"));
        String tls = "ssl_certificate %s; ssl_certificate_key %s;".formatted(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String config = """
                # The worker reads the temporary folder of the test (private to its user); ignored unless started as root.
                user root root;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    log_format protocol '$server_protocol $connection $connection_requests $request_method $request_uri $status';
                    access_log %1$s/access.log protocol;
                    client_body_temp_path %1$s/tmp/body; proxy_temp_path %1$s/tmp/proxy; fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi; scgi_temp_path %1$s/tmp/scgi;
                    keepalive_requests 100000;
                    http2_max_concurrent_streams %2$d;
                    gzip on; gzip_types text/plain; gzip_min_length 100;
                    server { listen 127.0.0.1:%3$d http2; %7$s }
                    server { listen 127.0.0.1:%4$d ssl http2; %8$s %7$s }
                    server { listen 127.0.0.1:%5$d ssl; %8$s %7$s }
                    server { listen 127.0.0.1:%6$d; %7$s }
                }
                """.formatted(dir, MAX_STREAMS, h2cPort, h2TlsPort, http1TlsPort, http1Port, location, tls);
        Path configFile = dir.resolve("nginx.conf");
        Files.writeString(configFile, config);
        server = ForegroundServer.start("nginx", List.of(BINARY.toString(), "-p", dir.toString(), "-c", configFile.toString(),
                "-g", "daemon off;"), dir.resolve("nginx.out"), () -> ForegroundServer.read(dir.resolve("error.log")),
                h2cPort, h2TlsPort, http1TlsPort, http1Port);
    }

    /** The PEM of its self-signed certificate. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** Access log lines: {@code $server_protocol $connection $connection_requests $request_method $request_uri $status}. */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
