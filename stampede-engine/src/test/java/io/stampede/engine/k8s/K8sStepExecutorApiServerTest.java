package io.stampede.engine.k8s;

import static io.stampede.engine.k8s.K8sStepHarness.compile;
import static io.stampede.engine.k8s.K8sStepHarness.steps;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.stampede.engine.k8s.K8sStepHarness.Sample;
import io.stampede.engine.k8s.K8sStepHarness.TestUser;
import io.stampede.engine.step.ExecutableStep;

/**
 * k8s steps parsed from YAML, against a real Kubernetes 1.20 API server with etcd (started by
 * scripts/kube-apiserver.sh for this class): what the mock tier ({@link K8sStepExecutorTest})
 * cannot show: validation, defaulting (ClusterIP allocation), real 409s and label selectors.
 * There is no controller-manager: a deleted namespace stays Terminating, so every test works in
 * fresh namespaces and only checks that a namespace is being deleted.
 */
class K8sStepExecutorApiServerTest {

    @RegisterExtension
    static final KubeApiServer API = new KubeApiServer("engine-k8s-steps");

    private static K8sStepExecutor executor() {
        return new K8sStepExecutor(API::newClient, Duration.ofSeconds(20));
    }

    private static String createService(String namespace, boolean createNamespace, String port) {
        return """
                - k8s:
                    verb: create
                    namespace: %s
                    create_namespace: %s
                    manifest:
                      apiVersion: v1
                      kind: Service
                      metadata: {name: "svc-${user.id}", labels: {app: web}}
                      spec: {ports: [{port: %s, protocol: TCP}]}
                """.formatted(namespace, createNamespace, port);
    }

    private static void createNamespace(String name) {
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    @Test
    void createGetListWaitDeleteAgainstTheRealServer() throws Exception {
        String ns = KubeApiServer.freshNamespace("verbs");
        K8sStepExecutor executor = executor();
        TestUser user = new TestUser("run-verbs", 7);
        List<Boolean> created = user.runAll(executor, steps(createService(ns, true, "8080") + """
                - k8s: {verb: get, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
                - k8s: {verb: list, kind: Service, namespace: %1$s, label_selector: app=web}
                - k8s: {verb: wait, kind: Service, namespace: %1$s, object: "svc-${user.id}", condition: exists, timeout: 3s}
                """.formatted(ns)));
        assertThat(created).containsExactly(true, true, true, true);

        // Server-side defaulting and allocation: none of this was in the manifest.
        Service service = API.client().services().inNamespace(ns).withName("svc-7").get();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).matches("10\\.96\\.0\\.\\d{1,3}").isNotEqualTo("10.96.0.1");
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080));
        assertThat(service.getMetadata().getUid()).isNotBlank();
        assertThat(service.getMetadata().getLabels())
                .containsEntry(K8sStepExecutor.RUN_LABEL, "run-verbs").containsEntry("app", "web");
        Namespace namespace = API.client().namespaces().withName(ns).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry(K8sStepExecutor.RUN_LABEL, "run-verbs");
        assertThat(namespace.getStatus().getPhase()).isEqualTo("Active");

        List<Boolean> deleted = user.runAll(executor, steps("""
                - k8s: {verb: delete, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
                - k8s: {verb: wait, kind: Service, namespace: %1$s, object: "svc-${user.id}", condition: deleted, timeout: 3s}
                - k8s: {verb: get, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
                - k8s: {verb: delete, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
                """.formatted(ns)));
        assertThat(deleted).containsExactly(true, true, false, false);
        assertThat(user.samples).extracting(Sample::method)
                .containsExactly("CREATE", "GET", "LIST", "WAIT", "DELETE", "WAIT", "GET", "DELETE");
        assertThat(user.samples).extracting(Sample::name).containsOnly("Service");
        assertThat(user.samples).extracting(Sample::error)
                .containsExactly(null, null, null, null, null, null, "404 NotFound", "404 NotFound");
        assertThat(API.client().services().inNamespace(ns).list().getItems()).isEmpty();
        executor.close();
    }

    @Test
    void aDuplicateCreateIsA409FailureAndAnExistingNamespaceIsNot() throws Exception {
        String ns = KubeApiServer.freshNamespace("existing");
        createNamespace(ns);
        K8sStepExecutor executor = executor();
        ExecutableStep create = compile(executor, steps(createService(ns, true, "8080")).getFirst());
        TestUser user = new TestUser("run-dup", 5);
        assertThat(user.run(create)).isTrue();
        assertThat(user.run(create)).isFalse();
        assertThat(user.samples).extracting(Sample::error).containsExactly(null, "409 AlreadyExists");

        executor.runFinished("run-dup");
        assertThat(API.client().services().inNamespace(ns).list().getItems()).isEmpty();
        Namespace kept = API.client().namespaces().withName(ns).get();
        assertThat(kept.getMetadata().getDeletionTimestamp()).as("the namespace was there before the run").isNull();
        assertThat(kept.getMetadata().getLabels()).doesNotContainKey(K8sStepExecutor.RUN_LABEL);
        executor.close();
    }

    @Test
    void aValidationErrorOfTheServerIsAFailureThatSaysWhichFieldAndWhy() throws Exception {
        String ns = KubeApiServer.freshNamespace("invalid");
        createNamespace(ns);
        K8sStepExecutor executor = executor();
        TestUser user = new TestUser("run-invalid", 3);
        assertThat(user.run(compile(executor, steps(createService(ns, false, "70000")).getFirst()))).isFalse();
        assertThat(user.samples).singleElement().satisfies(sample -> {
            assertThat(sample.method()).isEqualTo("CREATE");
            assertThat(sample.name()).isEqualTo("Service");
            assertThat(sample.error())
                    .startsWith("422 Invalid: ")
                    .contains("spec.ports[0].port")
                    .contains("70000")
                    .contains("must be between 1 and 65535")
                    .as("no object name: every user's failure is the same error in the stats")
                    .doesNotContain("svc-3");
        });
        assertThat(API.client().services().inNamespace(ns).list().getItems()).isEmpty();
        executor.close();
    }

    @Test
    void runFinishedDeletesExactlyTheObjectsOfThatRun() throws Exception {
        String shared = KubeApiServer.freshNamespace("shared");
        String own = KubeApiServer.freshNamespace("own");
        createNamespace(shared);
        // Not created by any run: must survive, though run-a creates Services in this namespace.
        API.client().services().inNamespace(shared).resource(new ServiceBuilder().withNewMetadata().withName("not-ours")
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
        // Another run's object in the same namespace, of a kind run-a does not touch.
        K8sStepExecutor other = executor();
        assertThat(new TestUser("run-b", 1).run(compile(other, steps("""
                - k8s:
                    verb: create
                    namespace: %s
                    manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: "cm-${user.id}"}, data: {k: v}}
                """.formatted(shared)).getFirst()))).isTrue();

        K8sStepExecutor executor = executor();
        ExecutableStep inShared = compile(executor, steps(createService(shared, false, "8080")).getFirst());
        ExecutableStep inOwn = compile(executor, steps(createService(own, true, "9090")).getFirst());
        for (int i = 1; i <= 3; i++) {
            assertThat(new TestUser("run-a", 10 + i).run(inShared)).isTrue();
        }
        assertThat(new TestUser("run-a", 20).run(inOwn)).isTrue();
        assertThat(API.client().services().inNamespace(shared).withLabel(K8sStepExecutor.RUN_LABEL, "run-a").list().getItems())
                .hasSize(3);

        executor.runFinished("run-a");

        assertThat(names(API.client().services().inNamespace(shared).list().getItems())).containsExactly("not-ours");
        List<ConfigMap> otherRuns = API.client().configMaps().inNamespace(shared).withLabel(K8sStepExecutor.RUN_LABEL).list().getItems();
        assertThat(names(otherRuns)).containsExactly("cm-1");
        assertThat(otherRuns.getFirst().getMetadata().getLabels()).containsEntry(K8sStepExecutor.RUN_LABEL, "run-b");
        assertThat(API.client().namespaces().withName(shared).get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(API.client().services().inNamespace(own).list().getItems()).isEmpty();
        // The namespace run-a created is being deleted (it stays Terminating: no namespace controller here).
        assertThat(API.client().namespaces().withName(own).get().getMetadata().getDeletionTimestamp()).isNotNull();

        executor.runFinished("run-a"); // twice: nothing more happens
        assertThat(names(API.client().services().inNamespace(shared).list().getItems())).containsExactly("not-ours");
        other.runFinished("run-b");
        assertThat(API.client().configMaps().inNamespace(shared).withLabel(K8sStepExecutor.RUN_LABEL).list().getItems()).isEmpty();
        executor.close();
        other.close();
    }
}
