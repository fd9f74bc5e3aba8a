package io.stampede.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stampede.coordinator.experiment.topology.BackendsMap;
import io.stampede.coordinator.experiment.topology.KubernetesTopology;
import io.stampede.engine.k8s.KubeApiServer;

/**
 * {@code experiment run --topology kubernetes} as users run it (the packaged jar, KUBECONFIG)
 * against a real Kubernetes API server (scripts/kube-apiserver.sh): it sweeps what a crashed
 * earlier suite left in the namespace, creates the suite's labeled Deployments and Services, and
 * deletes them after the suite and on SIGTERM. No kubelet runs, so no pod ever starts: the
 * command is told not to wait for them ({@code --topology-timeout 0}) and the runs' requests to
 * the in-cluster Service name fail (exit 1) — what is checked here is the objects' lifecycle.
 */
class ExperimentKubernetesJarIT {

    @RegisterExtension
    static final KubeApiServer API = new KubeApiServer("coordinator-experiment");

    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("coordinator.jar", "target/coordinator-service.jar"));
        assertThat(jar).as("run 'package' first: the jar is what this test runs").exists();
    }

    private ExperimentProcess start(String namespace, String testDuration) throws Exception {
        return new ExperimentProcess(dir, jar, """
                name: mesh
                backends_map: {"0": ["1"], "1": []}
                load_tests:
                  - {test_name: mesh, url: "http://0/mesh", qps: 2, t: %s, c: 1}
                """.formatted(testDuration), Map.of("KUBECONFIG", API.kubeconfig().toString()),
                "--topology", "kubernetes", "--namespace", namespace, "--topology-timeout", "0",
                "--sample-workload", "registry.example/stampede/sample-workload:1.2.3");
    }

    /** A namespace of the user's, holding what a crashed suite left and a Service of the user's own. */
    private static String namespaceWithLeftovers(String prefix) throws Exception {
        String ns = KubeApiServer.freshNamespace(prefix);
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        KubernetesClient crashed = API.newClient();
        new KubernetesTopology(crashed, false, ns, "crashed", KubernetesTopology.Options.defaults().withReadyTimeout(null))
                .deploy(new BackendsMap(Map.of("x", List.of())));
        crashed.close();
        API.client().services().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("users-own").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        return ns;
    }

    private static List<String> deployments(String ns) {
        return names(API.client().apps().deployments().inNamespace(ns).list().getItems());
    }

    private static List<String> services(String ns) {
        return names(API.client().services().inNamespace(ns).list().getItems());
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void sweepsLeftoversDeploysTheSuiteAndDeletesItAfterwards() throws Exception {
        String ns = namespaceWithLeftovers("exp");
        ExperimentProcess suite = start(ns, "2s");
        suite.awaitOutput("topology deployed (kubernetes)");
        List<String> deployed = deployments(ns);
        assertThat(deployed).as("the crashed suite's objects are gone, the new suite's there").hasSize(2)
                .allMatch(name -> name.matches("sw-s[0-9a-f]{8}-[01]"));
        String suiteLabel = API.client().apps().deployments().inNamespace(ns).withName(deployed.getFirst()).get()
                .getMetadata().getLabels().get("stampede.io/suite");
        assertThat(deployed).allMatch(name -> name.startsWith("sw-" + suiteLabel + "-"));
        assertThat(API.client().apps().deployments().inNamespace(ns).withName(deployed.getFirst()).get()
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry.example/stampede/sample-workload:1.2.3");
        assertThat(suite.stdout()).contains("entry node 0 at http://sw-" + suiteLabel + "-0." + ns + ".svc:80");

        // no pod runs here: the requests to the Service name fail, so the run fails (exit 1)
        assertThat(suite.exitCode()).as(suite.output()).isEqualTo(1);
        assertThat(deployments(ns)).isEmpty();
        assertThat(services(ns)).containsExactly("users-own");
        assertThat(API.client().namespaces().withName(ns).get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void sigtermDeletesTheSuitesObjects() throws Exception {
        String ns = namespaceWithLeftovers("term");
        ExperimentProcess suite = start(ns, "5m");
        suite.awaitOutput("run 1 of 1: mesh");
        assertThat(deployments(ns)).hasSize(2);
        suite.process.destroy(); // SIGTERM
        suite.exitCode();
        assertThat(suite.output()).contains("stopping the suite");
        assertThat(deployments(ns)).isEmpty();
        assertThat(services(ns)).containsExactly("users-own");
    }
}
