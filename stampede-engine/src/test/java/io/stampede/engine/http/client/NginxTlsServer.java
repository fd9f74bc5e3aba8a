package io.stampede.engine.http.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.stampede.testing.Commands;
import io.stampede.testing.ForegroundServer;
import io.stampede.testing.ListenPorts;
import io.stampede.testing.RequiredTools;

/**
 * Debian's nginx serving https on a free loopback port, requiring a client certificate
 * ({@code ssl_verify_client on}), with a CA, server and client certificates made at test time by
 * the openssl CLI. One process in the foreground ({@code master_process off}), always stopped by
 * {@link #close()}. Every response says what nginx saw of the TLS connection:
 * {@code client=<subject DN> protocol=<TLSv1.3> reused=<r or .>} ({@code r}: the session was resumed).
 * {@code /close/...} answers with {@code connection: close}, so each request there needs a new
 * connection (and handshake). Without nginx or openssl the calling test is skipped saying so,
 * except with {@code CI=true}, where it fails.
 */
public final class NginxTlsServer implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    public final int port;
    /** PEM files: the CA that signed both certificates, and the client's certificate and PKCS#8 key. */
    public final Path ca;
    public final Path clientCert;
    public final Path clientKey;
    /** A client certificate from a CA nginx does not trust. */
    public final Path strangerCert;
    public final Path strangerKey;
    private final Path dir;
    private final ForegroundServer server;

    public NginxTlsServer(Path dir) throws Exception {
        RequiredTools.require("apt-get install nginx openssl", NGINX, OPENSSL);
        this.dir = dir;
        ca = dir.resolve("ca.crt");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=stampede test CA");
        signed("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost", "ca");
        clientCert = dir.resolve("client.crt");
        clientKey = dir.resolve("client.key");
        signed("client", "/CN=stampede-worker", "extendedKeyUsage=clientAuth", "ca");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("other-ca.key").toString(), "-out", dir.resolve("other-ca.crt").toString(),
                "-days", "2", "-subj", "/CN=another CA");
        strangerCert = dir.resolve("stranger.crt");
        strangerKey = dir.resolve("stranger.key");
        signed("stranger", "/CN=stranger", "extendedKeyUsage=clientAuth", "other-ca");

        port = ListenPorts.free();
        Files.createDirectories(dir.resolve("temp"));
        String config = """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %1$s/server.crt;
                        ssl_certificate_key %1$s/server.key;
                        ssl_client_certificate %1$s/ca.crt;
                        ssl_verify_client on;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        ssl_session_cache shared:stampede:1m;
                        default_type text/plain;
                        location / {
                            return 200 "client=$ssl_client_s_dn protocol=$ssl_protocol reused=$ssl_session_reused";
                        }
                        location /close/ {
                            keepalive_timeout 0;
                            return 200 "client=$ssl_client_s_dn protocol=$ssl_protocol reused=$ssl_session_reused";
                        }
                    }
                }
                """.formatted(dir, port);
        Path configFile = dir.resolve("nginx.conf");
        Files.writeString(configFile, config);
        server = ForegroundServer.start("nginx", List.of(NGINX.toString(), "-c", configFile.toString(), "-p", dir.toString(),
                "-e", dir.resolve("error.log").toString()), dir.resolve("nginx.out"),
                () -> ForegroundServer.read(dir.resolve("error.log")), port);
    }

    /** A P-256 key (PKCS#8 PEM, as openssl writes it) and a certificate for it signed by {@code issuer}. */
    private void signed(String name, String subject, String extension, String issuer) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", request.toString(), "-subj", subject);
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, extension + "\n");
        openssl("x509", "-req", "-in", request.toString(), "-CA", dir.resolve(issuer + ".crt").toString(),
                "-CAkey", dir.resolve(issuer + ".key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", extensions.toString(), "-out", dir.resolve(name + ".crt").toString());
    }

    private void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(arguments));
        Commands.run(dir, command);
    }

    public String url(String path) {
        return "https://localhost:" + port + path;
    }

    /** Settings that trust the test CA and present the client certificate. */
    public TlsSettings clientTls(TlsProvider provider) {
        return new TlsSettings(provider, false, ca, clientCert, clientKey);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
