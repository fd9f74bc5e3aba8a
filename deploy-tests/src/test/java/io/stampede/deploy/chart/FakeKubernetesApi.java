package io.stampede.deploy.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few read-only Kubernetes API endpoints Helm's {@code lookup} uses (discovery of v1 and
 * GET of one Secret), on loopback. helm-java renders templates with a cluster connection, so
 * the chart's "keep the generated secret on upgrade" lookups run for real against this: empty
 * (first install) or holding the secrets a test put there (an upgrade).
 */
public final class FakeKubernetesApi implements AutoCloseable {

    private static final String SECRETS_PREFIX = "/api/v1/namespaces/";

    private final HttpServer server;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    public FakeKubernetesApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Writes a kubeconfig pointing at this server. */
    public void writeKubeconfig(Path file) {
        String kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster: {server: "http://127.0.0.1:%d"}
            users:
              - name: fake
                user: {token: fake}
            contexts:
              - name: fake
                context: {cluster: fake, user: fake, namespace: default}
            current-context: fake
            """.formatted(server.getAddress().getPort());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void putSecret(Secret secret) {
        secrets.put(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), secret);
    }

    public void clear() {
        secrets.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, status(405, "MethodNotAllowed", "read-only fake"));
            } else if (path.equals("/version")) {
                reply(exchange, 200, """
                    {"major": "1", "minor": "31", "gitVersion": "v1.31.0", "platform": "linux/amd64"}""");
            } else if (path.equals("/api")) {
                reply(exchange, 200, """
                    {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}""");
            } else if (path.equals("/apis")) {
                reply(exchange, 200, """
                    {"kind": "APIGroupList", "apiVersion": "v1", "groups": []}""");
            } else if (path.equals("/api/v1")) {
                reply(exchange, 200, """
                    {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                      {"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
                       "verbs": ["get", "list"]}]}""");
            } else if (path.startsWith(SECRETS_PREFIX) && path.contains("/secrets/")) {
                String[] parts = path.substring(SECRETS_PREFIX.length()).split("/");
                Secret secret = parts.length == 3 ? secrets.get(parts[0] + "/" + parts[2]) : null;
                if (secret == null) {
                    reply(exchange, 404, status(404, "NotFound", "secrets \"" + parts[parts.length - 1] + "\" not found"));
                } else {
                    reply(exchange, 200, Serialization.asJson(secret));
                }
            } else {
                reply(exchange, 404, status(404, "NotFound", path));
            }
        }
    }

    private static String status(int code, String reason, String message) {
        return """
            {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "%s", "code": %d, "message": "%s"}"""
            .formatted(reason, code, message.replace("\"", "\\\""));
    }

    private static void reply(HttpExchange exchange, int code, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
