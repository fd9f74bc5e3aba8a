package io.stampede.coordinator.experiment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stampede.engine.k8s.KubeApiServer;

/**
 * The Kubernetes topology against a real Kubernetes 1.20 API server (scripts/kube-apiserver.sh):
 * the objects it creates pass the server's validation and carry the labels, BACKENDS wiring and
 * security context; close() and sweep() delete them. No kubelet runs, so no pod ever starts:
 * the topology is told not to wait for available Deployments (readyTimeout null). No
 * controller-manager either, so a namespace deleted by close() stays Terminating.
 */
class KubernetesTopologyApiServerTest {

    @RegisterExtension
    static final KubeApiServer API = new KubeApiServer("coordinator-topology");

    private static final BackendsMap MESH = new BackendsMap(Map.of("0", List.of("1", "2"), "1", List.of("2"), "2", List.of()));
    private static final KubernetesTopology.Options NO_WAIT = KubernetesTopology.Options.defaults()
            .withImage("registry.example/stampede/sample-workload:1.2.3").withReadyTimeout(null);

    private static KubernetesTopology topology(String namespace, String suite) {
        return new KubernetesTopology(API.newClient(), true, namespace, suite, NO_WAIT);
    }

    private static List<Deployment> deployments(String ns) {
        return API.client().apps().deployments().inNamespace(ns).list().getItems();
    }

    private static List<Service> services(String ns) {
        return API.client().services().inNamespace(ns).list().getItems().stream()
                .filter(s -> !s.getMetadata().getName().equals("kubernetes")).toList();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void deploysLabeledWiredHardenedNodesInANewNamespaceAndDeletesThemOnClose() throws Exception {
        String ns = KubeApiServer.freshNamespace("topo");
        URI entry;
        try (KubernetesTopology topology = topology(ns, "suite-a")) {
            entry = topology.deploy(MESH);

            assertThat(entry).hasToString("http://sw-suite-a-0." + ns + ".svc:80");
            assertThat(API.client().namespaces().withName(ns).get().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "stampede").containsEntry("stampede.io/suite", "suite-a");
            assertThat(names(deployments(ns))).containsExactly("sw-suite-a-0", "sw-suite-a-1", "sw-suite-a-2");
            assertThat(names(services(ns))).containsExactly("sw-suite-a-0", "sw-suite-a-1", "sw-suite-a-2");
            for (HasMetadata object : List.<HasMetadata>copyOf(concat(deployments(ns), services(ns)))) {
                assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/managed-by", "stampede")
                        .containsEntry("stampede.io/suite", "suite-a")
                        .containsEntry("app.kubernetes.io/name", "sample-workload");
            }

            Deployment entryNode = API.client().apps().deployments().inNamespace(ns).withName("sw-suite-a-0").get();
            PodSpec pod = entryNode.getSpec().getTemplate().getSpec();
            Container app = pod.getContainers().getFirst();
            assertThat(app.getImage()).isEqualTo("registry.example/stampede/sample-workload:1.2.3");
            assertThat(app.getEnv()).singleElement().satisfies(env -> {
                assertThat(env.getName()).isEqualTo("BACKENDS");
                assertThat(env.getValue()).isEqualTo("http://sw-suite-a-1:80/mesh,http://sw-suite-a-2:80/mesh");
            });
            assertThat(env(ns, "sw-suite-a-1")).isEqualTo("http://sw-suite-a-2:80/mesh");
            assertThat(env(ns, "sw-suite-a-2")).isEmpty();
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(app.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(app.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(app.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

            // each Service selects exactly its node's pods, on the container's named port
            Service entryService = API.client().services().inNamespace(ns).withName("sw-suite-a-0").get();
            assertThat(entryService.getSpec().getSelector()).isEqualTo(entryNode.getSpec().getSelector().getMatchLabels());
            assertThat(entryNode.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(entryService.getSpec().getSelector());
            assertThat(entryService.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(80);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
            assertThat(API.client().services().inNamespace(ns).withName("sw-suite-a-1").get().getSpec().getSelector())
                    .isNotEqualTo(entryService.getSpec().getSelector());
        }
        assertThat(deployments(ns)).isEmpty();
        assertThat(services(ns)).isEmpty();
        // created by the topology, so deleted by it (Terminating for ever here: no controller-manager)
        var namespace = API.client().namespaces().withName(ns).get();
        assertThat(namespace == null || namespace.getMetadata().getDeletionTimestamp() != null).isTrue();
    }

    @Test
    void anExistingNamespaceIsKeptAndOnlyTheSuitesObjectsGo() throws Exception {
        String ns = KubeApiServer.freshNamespace("keep");
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        try (KubernetesTopology other = topology(ns, "other")) {
            other.deploy(new BackendsMap(Map.of("entry", List.of())));
            try (KubernetesTopology mine = topology(ns, "mine")) {
                mine.deploy(new BackendsMap(Map.of("a", List.of("b"), "b", List.of())));
                assertThat(names(deployments(ns))).containsExactly("sw-mine-a", "sw-mine-b", "sw-other-entry");
            }
            assertThat(names(deployments(ns))).containsExactly("sw-other-entry");
            assertThat(names(services(ns))).containsExactly("sw-other-entry");
        }
        assertThat(deployments(ns)).isEmpty();
        assertThat(API.client().namespaces().withName(ns).get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aSweepOnTheNextStartDeletesWhatACrashedRunLeft() throws Exception {
        String ns = KubeApiServer.freshNamespace("crash");
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        // "crashed": deployed, never closed (its client is simply dropped)
        KubernetesClient crashedClient = API.newClient();
        new KubernetesTopology(crashedClient, false, ns, "crashed1", NO_WAIT).deploy(MESH);
        new KubernetesTopology(crashedClient, false, ns, "crashed2", NO_WAIT).deploy(new BackendsMap(Map.of("x", List.of())));
        crashedClient.close();
        // something of the user's in the same namespace stays
        API.client().services().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("users-own").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        assertThat(deployments(ns)).hasSize(4);

        assertThat(KubernetesTopology.sweep(API.client(), ns, "crashed2"))
                .containsExactlyInAnyOrder("Deployment/sw-crashed2-x", "Service/sw-crashed2-x");
        assertThat(names(deployments(ns))).containsExactly("sw-crashed1-0", "sw-crashed1-1", "sw-crashed1-2");

        assertThat(KubernetesTopology.sweep(API.client(), ns, null)).hasSize(6);
        assertThat(deployments(ns)).isEmpty();
        assertThat(names(services(ns))).containsExactly("users-own");
        assertThat(KubernetesTopology.sweep(API.client(), ns, null)).isEmpty();
    }

    @Test
    void aNewSuiteSweepsWhatACrashedSuiteLeftBeforeItDeploys() throws Exception {
        String ns = KubeApiServer.freshNamespace("next");
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        KubernetesClient crashedClient = API.newClient();
        new KubernetesTopology(crashedClient, false, ns, "crashed", NO_WAIT).deploy(MESH);
        crashedClient.close();
        API.client().services().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("users-own").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();

        try (KubernetesTopology next = topology(ns, "next")) {
            assertThat(next.sweepLeftovers()).hasSize(6).contains("Deployment/sw-crashed-0", "Service/sw-crashed-2");
            next.deploy(new BackendsMap(Map.of("0", List.of())));
            assertThat(names(deployments(ns))).containsExactly("sw-next-0");
            assertThat(names(services(ns))).containsExactly("sw-next-0", "users-own");
        }
        assertThat(deployments(ns)).isEmpty();
        assertThat(names(services(ns))).containsExactly("users-own");
    }

    /** BACKENDS of a node; "" when none (the server drops an empty value: omitempty). */
    private static String env(String ns, String deployment) {
        return java.util.Objects.toString(API.client().apps().deployments().inNamespace(ns).withName(deployment).get()
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().getFirst().getValue(), "");
    }

    private static List<HasMetadata> concat(List<? extends HasMetadata> a, List<? extends HasMetadata> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).map(HasMetadata.class::cast).toList();
    }
}
