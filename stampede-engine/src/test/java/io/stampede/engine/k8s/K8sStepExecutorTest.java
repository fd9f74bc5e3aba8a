package io.stampede.engine.k8s;

import static io.stampede.engine.k8s.K8sStepHarness.compile;
import static io.stampede.engine.k8s.K8sStepHarness.steps;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.stampede.core.scenario.K8sStep;
import io.stampede.core.scenario.Step;
import io.stampede.engine.k8s.K8sStepHarness.Sample;
import io.stampede.engine.k8s.K8sStepHarness.TestUser;
import io.stampede.engine.step.ExecutableStep;

/** k8s steps parsed from YAML, against fabric8's Kubernetes mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class K8sStepExecutorTest {

    // Injected by the extension: a tiny in-memory API server in CRUD mode, and a client of it.
    // One server for the class (starting and stopping Vert.x per test is slow on a busy machine):
    // each test works in its own namespace.
    static KubernetesMockServer server;
    static KubernetesClient client;

    private K8sStepExecutor executor() {
        // generous: the first call of the suite pays for class loading and TLS set-up on a busy machine
        return new K8sStepExecutor(() -> server.createClient(), Duration.ofSeconds(20));
    }

    private static String createService(String namespace) {
        return CREATE_SERVICE.replace("coredns-services", namespace);
    }

    private static final String CREATE_SERVICE = """
            - k8s:
                verb: create
                namespace: coredns-services
                create_namespace: true
                manifest:
                  apiVersion: v1
                  kind: Service
                  metadata: {name: "svc-${user.id}", labels: {app: web}}
                  spec: {ports: [{port: 8080, protocol: TCP}]}
            """;

    @Test
    void createGetListWaitDeleteAreRecordedPerVerbAndKind() throws Exception {
        K8sStepExecutor executor = executor();
        List<Step> steps = steps(createService("ns-verbs") + """
                - k8s: {verb: get, kind: Service, namespace: ns-verbs, object: "svc-${user.id}"}
                - k8s: {verb: list, kind: Service, namespace: ns-verbs, label_selector: app=web}
                - k8s: {verb: wait, kind: Service, namespace: ns-verbs, object: "svc-${user.id}", condition: exists, timeout: 3s}
                - k8s: {verb: delete, kind: Service, namespace: ns-verbs, object: "svc-${user.id}"}
                - k8s: {verb: get, kind: Service, namespace: ns-verbs, object: "svc-${user.id}"}
                """);
        TestUser user = new TestUser("run-1", 7);
        List<Boolean> results = new java.util.ArrayList<>();
        for (Step step : steps) {
            results.add(user.run(compile(executor, step)));
        }
        assertThat(results).containsExactly(true, true, true, true, true, false);
        assertThat(user.samples).extracting(Sample::method).containsExactly("CREATE", "GET", "LIST", "WAIT", "DELETE", "GET");
        assertThat(user.samples).extracting(Sample::name).containsOnly("Service");
        assertThat(user.samples).extracting(Sample::error).containsExactly(null, null, null, null, null, "404 NotFound");
        assertThat(client.namespaces().withName("ns-verbs").get().getMetadata().getLabels())
                .containsEntry(K8sStepExecutor.RUN_LABEL, "run-1");
        executor.close();
    }

    @Test
    void createdObjectsCarryTheRunLabelAndAreDeletedWhenTheRunFinishes() throws Exception {
        K8sStepExecutor executor = executor();
        ExecutableStep create = compile(executor, steps(createService("ns-cleanup")).getFirst());
        for (int i = 0; i < 3; i++) {
            assertThat(new TestUser("run-1", i).run(create)).isTrue();
        }
        // Someone else's object in the same namespace must survive the cleanup.
        client.configMaps().inNamespace("ns-cleanup").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("not-ours").endMetadata().build()).create();
        List<Service> services = client.services().inNamespace("ns-cleanup").list().getItems();
        assertThat(services).hasSize(3).allSatisfy(s ->
                assertThat(s.getMetadata().getLabels()).containsEntry(K8sStepExecutor.RUN_LABEL, "run-1").containsEntry("app", "web"));

        executor.runFinished("run-1");

        assertThat(client.services().inNamespace("ns-cleanup").list().getItems()).isEmpty();
        assertThat(client.namespaces().withName("ns-cleanup").get()).isNull();
        ConfigMap survivor = client.configMaps().inNamespace("ns-cleanup").withName("not-ours").get();
        assertThat(survivor).isNotNull();
        executor.close();
    }

    @Test
    void objectsLeftByACrashedRunAreDeletedWhenTheNextRunStarts() throws Exception {
        K8sStepExecutor crashed = executor();
        ExecutableStep create = compile(crashed, steps(createService("ns-crash")).getFirst());
        assertThat(new TestUser("run-old", 1).run(create)).isTrue();
        assertThat(new TestUser("run-old", 2).run(create)).isTrue();
        // The process dies: no runFinished, no close. A new worker starts the next run.
        K8sStepExecutor next = executor();
        assertThat(new TestUser("run-new", 3).run(compile(next, steps(createService("ns-crash")).getFirst()))).isTrue();

        assertThat(client.services().inNamespace("ns-crash").list().getItems())
                .extracting(s -> s.getMetadata().getName()).containsExactly("svc-3");
        next.runFinished("run-new");
        assertThat(client.services().inNamespace("ns-crash").list().getItems()).isEmpty();
        next.close();
    }

    @Test
    void alreadyExistingNamespaceIsNotAFailureAndADuplicateObjectIs() throws Exception {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("ns-existing").endMetadata().build()).create();
        K8sStepExecutor executor = executor();
        ExecutableStep create = compile(executor, steps(createService("ns-existing")).getFirst());
        TestUser user = new TestUser("run-1", 5);
        assertThat(user.run(create)).isTrue();
        assertThat(user.run(create)).isFalse();
        assertThat(user.samples).extracting(Sample::error).first().isNull();
        assertThat(user.samples).extracting(Sample::error).last().asString().startsWith("409");
        executor.runFinished("run-1");
        // The namespace was there before the run: it stays.
        assertThat(client.namespaces().withName("ns-existing").get()).isNotNull();
        executor.close();
    }

    @Test
    void waitForAConditionTimesOut() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cm").endMetadata().build()).create();
        K8sStepExecutor executor = executor();
        TestUser user = new TestUser("run-1", 1);
        assertThat(user.run(compile(executor, steps("""
                - k8s: {verb: wait, kind: ConfigMap, namespace: default, object: cm, condition: Ready, timeout: 500ms}
                """).getFirst()))).isFalse();
        assertThat(user.samples).extracting(Sample::error).first().asString().startsWith("timeout");
        executor.close();
    }

    @Test
    void theStepModelIsWhatTheParserProduces() {
        K8sStep step = (K8sStep) steps(CREATE_SERVICE).getFirst();
        assertThat(step.kind()).isEqualTo("Service");
        assertThat(step.createNamespace()).isTrue();
    }
}
