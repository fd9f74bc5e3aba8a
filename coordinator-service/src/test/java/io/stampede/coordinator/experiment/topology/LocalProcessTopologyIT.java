package io.stampede.coordinator.experiment.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real sample-workload processes (the packaged jar, built before this module's ITs):
 * 0 calls 1 and 2, 1 calls 2. A GET of the entry's /mesh answers 200 only when every hop
 * answered, and each backend's own metrics show the /mesh calls it served.
 */
class LocalProcessTopologyIT {

    static final Path JAR = Path.of("..", "sample-workload", "target", "sample-workload.jar");
    private static final Pattern MESH_COUNT = Pattern.compile(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/mesh\"[^}]*} ([0-9.E]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeNodesCallEachOtherThroughBackendsAndCloseEndsThem(@TempDir Path logs) throws Exception {
        assertThat(JAR).as("the packaged sample-workload jar (built before integration-test)").isRegularFile();
        BackendsMap map = new BackendsMap(Map.of("0", List.of("1", "2"), "1", List.of("2"), "2", List.of()));
        List<Process> processes;
        try (LocalProcessTopology topology = new LocalProcessTopology(
                LocalProcessTopology.Options.defaults().withJar(JAR).withLogDir(logs))) {
            URI entry = topology.deploy(map);
            Map<String, LocalProcessTopology.Node> nodes = topology.nodes();
            assertThat(entry).isEqualTo(nodes.get("0").baseUrl());
            processes = nodes.values().stream().map(LocalProcessTopology.Node::process).toList();

            HttpResponse<String> mesh = get(entry.resolve("/mesh"));
            assertThat(mesh.statusCode()).as(mesh.body()).isEqualTo(200);
            assertThat(mesh.body()).contains("backends Success");
            // node 1 served the entry's call, node 2 both the entry's and node 1's
            assertThat(meshServed(nodes.get("1").baseUrl())).isEqualTo(1);
            assertThat(meshServed(nodes.get("2").baseUrl())).isEqualTo(2);

            // a dead backend shows at the entry: the wiring is real, not a constant answer
            nodes.get("2").process().destroyForcibly().waitFor();
            HttpResponse<String> broken = get(entry.resolve("/mesh"));
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).contains("http://127.0.0.1:" + nodes.get("2").port() + "/mesh");
        }
        assertThat(processes).hasSize(3).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
    }

    @Test
    void aMissingJarIsAClearError() {
        try (LocalProcessTopology topology = new LocalProcessTopology(
                LocalProcessTopology.Options.defaults().withJar(Path.of("no", "such.jar")))) {
            assertThatThrownBy(() -> topology.deploy(new BackendsMap(Map.of("0", List.of()))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sample-workload jar: ").hasMessageContaining("does not exist");
            assertThat(topology.nodes()).isEmpty();
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** /mesh requests the node served, from its own Prometheus endpoint. */
    private long meshServed(URI node) throws Exception {
        String metrics = get(node.resolve("/actuator/prometheus")).body();
        Matcher m = MESH_COUNT.matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
