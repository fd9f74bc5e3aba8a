package io.stampede.deploy.chart;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stampede.engine.k8s.K8sStepExecutor;
import io.stampede.engine.k8s.K8sStepHarness.Sample;
import io.stampede.engine.k8s.K8sStepHarness.TestUser;
import io.stampede.engine.k8s.KubeApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static io.stampede.engine.k8s.K8sStepHarness.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The charts against a real Kubernetes 1.20 API server (scripts/kube-apiserver.sh, one per
 * class): what the typed offline checks of {@link StampedeChartTest} cannot see: the server's
 * validation and admission of every object the charts render, with values that switch on as many
 * templates as possible.
 *
 * <p>Two ways in. {@code helm template} (helm-java 0.0.15 has no {@code --kube-version} or
 * {@code --api-versions}) renders with helm's default capabilities, so the HPA comes out as
 * {@code autoscaling/v2} and the PDB as {@code policy/v1}, which 1.20 does not serve: those objects
 * are skipped in the dry runs, printed with the reason, and covered instead by a real
 * {@code helm install} against the server, which takes the capabilities from the server's own
 * discovery and so renders the chart's 1.20 branch ({@code autoscaling/v2beta2},
 * {@code policy/v1beta1}). CRD kinds (ServiceMonitor, PodMonitor) are skipped and printed: their CRDs are not
 * installed on this server (and helm install refuses a release with an unknown kind, so the install
 * test leaves the ServiceMonitor off).
 */
class ChartServerSideDryRunTest {

    @RegisterExtension
    static final KubeApiServer API = new KubeApiServer("charts");

    /** Discovery, per apiVersion: the served kinds, and whether each is namespaced; empty when not served. */
    static final Map<String, Map<String, Boolean>> SERVED = new HashMap<>();

    /** Every template of charts/stampede on, Deployment workers with the HPA. */
    static final String STAMPEDE_ALL = """
        imagePullSecrets: [{name: regcred}]
        loadtest:
          name: dry-run
          host: http://sample-workload.workload.svc.cluster.local
          scenario: |
            name: smoke
            users:
              - name: u
                tasks:
                  - name: t
                    steps:
                      - http: {name: root, method: GET, path: /}
          extraArgs: [--headless, -u, "10", -t, 1m]
          k8sSteps: {enabled: true, namespaces: true}
          environment: {TARGET_ENV: staging, RETRIES: 3}
          environment_secret: {API_TOKEN: s3cret}
          environment_external_secret: {api-credentials: [API_USER, API_PASSWORD]}
          environment_load_from_secrets: [more-credentials]
          envFrom: [{configMapRef: {name: loadtest-settings}}, {secretRef: {name: api-keys}, prefix: KEY_}]
          mount_external_secret: {mountPath: /secrets, files: {tls-certs: [ca.crt, client.crt]}}
        serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/loadtest"}}
        experiments:
          enabled: true
          prometheusUrl: http://prometheus-operated.monitoring.svc:9090
          results: s3://load-results/dry-run
          s3: {endpoint: "http://minio.minio.svc:9000", region: eu-west-1, pathStyle: true}
          serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/stampede-results"}}
          topology: {enabled: true}
        coordinator:
          service:
            type: LoadBalancer
            port: 80
            nodePort: 30089
            loadBalancerIP: 10.0.0.10
            extraLabels: {team: load}
            annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
          history: {persistence: {enabled: true, size: 5Gi, storageClass: gp3}}
          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75"}]
          environment: {COORDINATOR_ONLY: "yes"}
          envFrom: [{configMapRef: {name: coordinator-settings, optional: true}}]
          extraVolumes: [{name: data, emptyDir: {}}]
          extraVolumeMounts: [{name: data, mountPath: /data}]
          initContainers: [{name: wait, image: busybox, command: ["true"]}]
          terminationGracePeriodSeconds: 60
          deploymentAnnotations: {example.com/owner: load-team}
          podLabels: {example.com/tier: coordinator}
          nodeSelector: {locustRole: coordinator}
          tolerations: [{key: dedicated, operator: Equal, value: load, effect: NoSchedule}]
          podAnnotations: {example.com/team: load}
        worker:
          hpa: {enabled: true, minReplicas: 3, maxReplicas: 40, targetCPUUtilizationPercentage: 55}
          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75"}]
          args: [--stampede.worker.insecure-tls=true]
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 50%, maxUnavailable: 0}}
          podDisruptionBudget: {enabled: true, maxUnavailable: 25%}
          readinessProbe: {httpGet: {path: /actuator/health, port: metrics}, periodSeconds: 5}
          deploymentAnnotations: {example.com/owner: load-team}
          podLabels: {example.com/tier: worker}
          nodeSelector: {locustRole: worker}
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 100
                  podAffinityTerm:
                    topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app.kubernetes.io/component: worker}}
        ingress:
          enabled: true
          host: load.example.com
          certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
          inboundCidrs: [203.0.113.0/24]
          tls: [{hosts: [load.example.com], secretName: load-tls}]
          annotations: {alb.ingress.kubernetes.io/group.name: stampede}
        networkPolicy: {enabled: true}
        hostAliases: [{ip: 10.0.0.5, hostnames: [legacy.example.com]}]
        extraLabels: {cost-center: load}
        extraConfigMaps: {loadtest-data: /data/extra}
        extraObjects:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: "{{ .Release.Name }}-extra"}
            data: {release: "{{ .Release.Name }}"}
        """;

    /** The other branches: DaemonSet workers, existing Secrets and scenario ConfigMap, namespaced RBAC only. */
    static final String STAMPEDE_DAEMONSET = """
        loadtest:
          scenarioConfigMap: todo-scenario
          scenarioKey: todo-crud.yaml
          k8sSteps: {enabled: true, namespaces: false}
        link: {existingSecret: my-link}
        webAuth: {existingSecret: my-auth}
        coordinator:
          service: {type: NodePort}
          podDisruptionBudget: {enabled: false}
        worker:
          kind: DaemonSet
          strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}
          priorityClassName: load-test
          tolerations: [{key: dedicated, operator: Equal, value: load, effect: NoSchedule}]
        ingress: {enabled: true, scheme: internal, targetType: instance}
        networkPolicy: {enabled: false}
        """;

    /** In-cluster automation: no auth, the NetworkPolicy limits the UI port to the listed peers. */
    static final String STAMPEDE_NO_AUTH = """
        webAuth: {enabled: false}
        networkPolicy: {uiFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ci}}}]}
        coordinator: {service: {type: NodePort, port: 80}}
        """;

    static final String SAMPLE_ALL = """
        imagePullSecrets: [{name: regcred}]
        env: [{name: BACKENDS, value: "http://a:8080,http://b:8080"}]
        service: {type: LoadBalancer, annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}}
        ingress:
          enabled: true
          host: shop.example.com
          certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
          inboundCidrs: [203.0.113.0/24]
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
        nodeSelector: {role: workload}
        tolerations: [{key: dedicated, operator: Equal, value: workload, effect: NoSchedule}]
        podAnnotations: {example.com/team: shop}
        """;

    static final String SAMPLE_FIXED_REPLICAS = """
        hpa: {enabled: false}
        replicas: 5
        service: {type: NodePort}
        """;

    @Test
    void everyObjectOfTheStampedeChartPassesAServerSideDryRun() {
        String ns = freshNamespace("stampede");
        createNamespace(ns);
        List<String> sent = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        ChartRenderer chart = new ChartRenderer("stampede", "lt", ns);
        dryRunEach(chart.renderText(STAMPEDE_ALL + "serviceMonitor: {enabled: true, labels: {release: prometheus}}\n"
            + "monitoring: {podMonitor: {enabled: true}, dashboard: {enabled: true}}\n"),
            ns, sent, skipped, rejected);
        createPriorityClass("load-test");
        dryRunEach(chart.renderText(STAMPEDE_DAEMONSET), ns, sent, skipped, rejected);
        dryRunEach(chart.renderText(STAMPEDE_NO_AUTH), ns, sent, skipped, rejected);

        assertThat(rejected).as("objects the API server rejected").isEmpty();
        assertThat(sent).as("objects sent").contains(
            "Deployment/lt-stampede-coordinator", "Deployment/lt-stampede-worker", "DaemonSet/lt-stampede-worker",
            "Service/lt-stampede-coordinator", "Service/lt-stampede-worker-metrics", "Ingress/lt-stampede-coordinator",
            "NetworkPolicy/lt-stampede-coordinator", "PersistentVolumeClaim/lt-stampede-coordinator-history",
            "ConfigMap/lt-stampede-scenario", "ConfigMap/lt-stampede-dashboard", "ServiceAccount/lt-stampede", "Role/lt-stampede-k8s-steps",
            "RoleBinding/lt-stampede-k8s-steps", "Secret/lt-stampede-env", "ConfigMap/lt-extra",
            "ServiceAccount/lt-stampede-coordinator", "Role/lt-stampede-experiments-topology",
            "RoleBinding/lt-stampede-experiments-topology");
        assertThat(sent).anyMatch(s -> s.startsWith("ClusterRole/")).anyMatch(s -> s.startsWith("ClusterRoleBinding/"))
            .anyMatch(s -> s.startsWith("Secret/"));
        // Exactly what 1.20 cannot take; the install test covers the HPA and PDB on their 1.20 versions.
        assertThat(skipped).extracting(s -> s.substring(0, s.indexOf(' '))).containsExactlyInAnyOrder(
            "HorizontalPodAutoscaler/lt-stampede-worker", "PodDisruptionBudget/lt-stampede-coordinator",
            "PodDisruptionBudget/lt-stampede-worker", "ServiceMonitor/lt-stampede", "PodMonitor/lt-stampede",
            "PodDisruptionBudget/lt-stampede-coordinator");
    }

    /**
     * The workers' KEDA ScaledObject (on CPU, on users per worker through Prometheus, and with
     * the deliveryhero chart's own triggers template) against KEDA's real CRD
     * (src/test/resources/crds/keda.sh_scaledobjects.yaml, from kedacore/keda). The API server
     * accepts and serves the CRD; each ScaledObject is then checked against the OpenAPI schema
     * the server stored for it ({@link StructuralSchema}: types, required fields, enums, unknown
     * fields). Not as a server-side dry run: this 1.20.2 kube-apiserver, built with Go 1.19 on
     * its vendored reflect2 1.0.1, dies with SIGSEGV (mapiterinit, apiserver.log) on any custom
     * resource write; with a binary built on reflect2 >= 1.0.2 the dry run can replace the check.
     */
    @Test
    @SuppressWarnings("unchecked")
    void kedaScaledObjectMatchesKedasCrdAsTheServerStoredIt() throws Exception {
        installCrd("crds/keda.sh_scaledobjects.yaml", "keda.sh/v1alpha1", "ScaledObject");
        Map<String, Object> schema = storedSchema("scaledobjects.keda.sh", "v1alpha1");
        ChartRenderer chart = new ChartRenderer("stampede", "lt", "keda");
        String cpu = chart.renderText("worker: {keda: {enabled: true, minReplicaCount: 3, maxReplicaCount: 30}}");
        String users = chart.renderText("""
            serviceMonitor: {enabled: true}
            worker:
              keda:
                enabled: true
                scaleOn: users
                prometheus: {serverAddress: "http://prometheus-operated.monitoring.svc:9090", usersPerWorker: 300}
            """);
        String theirs = chart.renderText("""
            worker:
              keda:
                enabled: true
                triggers: |
                  - type: metrics-api
                    metadata:
                      targetValue: "50"
                      url: "http://{{ include "stampede.coordinatorName" . }}.{{ .Release.Namespace }}.svc:{{ .Values.coordinator.service.port }}/stats/requests"
                      format: json
                      valueLocation: user_count
            """);
        for (String manifests : List.of(cpu, users, theirs)) {
            Map<String, Object> scaledObject = scaledObject(manifests);
            assertThat(StructuralSchema.problems(scaledObject, schema)).as("ScaledObject %s", scaledObject).isEmpty();
        }
        // the check does catch what the server would refuse
        Map<String, Object> broken = scaledObject(cpu);
        Map<String, Object> spec = (Map<String, Object>) broken.get("spec");
        spec.remove("triggers");
        spec.put("minReplicaCount", "three");
        spec.put("pollingIntervall", 15);
        assertThat(StructuralSchema.problems(broken, schema)).containsExactlyInAnyOrder(
            ".spec.triggers: required", ".spec.minReplicaCount: expected integer, got \"three\"",
            ".spec.pollingIntervall: unknown field (the server would prune it)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scaledObject(String manifests) {
        String document = ChartRenderer.documents(manifests).stream().filter(d -> d.contains("kind: ScaledObject"))
            .findFirst().orElseThrow(() -> new AssertionError("no ScaledObject rendered"));
        return Serialization.unmarshal(document, Map.class);
    }

    /** The openAPIV3Schema of one version of a CRD, as the API server stored it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> storedSchema(String crd, String version) {
        var stored = API.client().apiextensions().v1().customResourceDefinitions().withName(crd).get();
        var schema = stored.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst()
            .orElseThrow().getSchema().getOpenAPIV3Schema();
        return Serialization.unmarshal(Serialization.asJson(schema), Map.class);
    }

    /** Creates a CRD from the test resources and waits (bounded) until discovery serves its kind. */
    private static void installCrd(String resource, String apiVersion, String kind) throws IOException {
        try (var in = ChartServerSideDryRunTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            var crd = API.client().apiextensions().v1().customResourceDefinitions().load(in).item();
            if (API.client().apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                API.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
        for (int attempt = 0; attempt < 300 && !discover(apiVersion).containsKey(kind); attempt++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        SERVED.remove(apiVersion);
        assertThat(discover(apiVersion)).as("%s served after installing its CRD", kind).containsKey(kind);
    }

    private static void createPriorityClass(String name) {
        if (API.client().scheduling().v1().priorityClasses().withName(name).get() == null) {
            API.client().scheduling().v1().priorityClasses().resource(new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder()
                .withNewMetadata().withName(name).endMetadata().withValue(1000).build()).create();
        }
    }

    /** deploy/manifests/stampede.yaml as `kubectl -n <ns> create -f` sends it. */
    @Test
    void thePlainManifestsPassAServerSideDryRun() throws IOException {
        String ns = freshNamespace("manifests");
        createNamespace(ns);
        List<String> sent = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        dryRunEach(java.nio.file.Files.readString(PlainManifestsTest.FILE), ns, sent, skipped, rejected);
        assertThat(rejected).as("objects the API server rejected").isEmpty();
        assertThat(sent).contains("Deployment/stampede-coordinator", "Deployment/stampede-worker", "Service/stampede-coordinator",
            "NetworkPolicy/stampede-coordinator");
        assertThat(skipped).extracting(s -> s.substring(0, s.indexOf(' ')))
            .containsExactly("PodDisruptionBudget/stampede-coordinator"); // policy/v1: Kubernetes 1.21+
    }

    @Test
    void everyObjectOfTheSampleWorkloadChartPassesAServerSideDryRun() {
        String ns = freshNamespace("sample");
        createNamespace(ns);
        List<String> sent = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        ChartRenderer chart = new ChartRenderer("sample-workload", "sample-workload", ns);
        dryRunEach(chart.renderText(SAMPLE_ALL), ns, sent, skipped, rejected);
        dryRunEach(chart.renderText(SAMPLE_FIXED_REPLICAS), ns, sent, skipped, rejected);

        assertThat(rejected).as("objects the API server rejected").isEmpty();
        assertThat(sent).containsExactlyInAnyOrder(
            "Deployment/sample-workload", "Service/sample-workload", "Ingress/sample-workload",
            "Deployment/sample-workload", "Service/sample-workload");
        assertThat(skipped).extracting(s -> s.substring(0, s.indexOf(' ')))
            .containsExactly("HorizontalPodAutoscaler/sample-workload");
    }

    @Test
    void helmInstallsTheStampedeChartWithTheServersApiVersions() {
        String ns = freshNamespace("install");
        createNamespace(ns);
        String status = new ChartRenderer("stampede", "lt", ns).install(API.kubeconfig(), STAMPEDE_ALL);
        assertThat(status).contains("STATUS: deployed");

        List<HasMetadata> manifest = releaseManifest(ns, "lt");
        assertThat(manifest).extracting(o -> o.getApiVersion() + " " + o.getKind())
            .contains("autoscaling/v2beta2 HorizontalPodAutoscaler", "policy/v1beta1 PodDisruptionBudget");
        assertAllExistOnTheServer(manifest, ns);
        assertThat(manifest).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void helmInstallsTheSampleWorkloadChartWithTheServersApiVersions() {
        String ns = freshNamespace("install-sample");
        createNamespace(ns);
        String status = new ChartRenderer("sample-workload", "sample-workload", ns).install(API.kubeconfig(), SAMPLE_ALL);
        assertThat(status).contains("STATUS: deployed");

        List<HasMetadata> manifest = releaseManifest(ns, "sample-workload");
        assertThat(manifest).extracting(o -> o.getApiVersion() + " " + o.getKind()).containsExactlyInAnyOrder(
            "apps/v1 Deployment", "v1 Service", "networking.k8s.io/v1 Ingress", "autoscaling/v2beta2 HorizontalPodAutoscaler");
        assertAllExistOnTheServer(manifest, ns);
    }

    /**
     * The chart's k8s-steps RBAC against the engine's real k8s steps, as the pods' ServiceAccount.
     * This found that the namespaces ClusterRole lacked {@code list}: the executor selects
     * namespaces by run label (sweep of crashed runs, cleanup at run end), so every
     * {@code create_namespace} step was a 403.
     */
    @Test
    void theK8sStepsServiceAccountMayRunTheStepsInTheReleaseNamespaceAndNothingMore() throws Exception {
        String ns = freshNamespace("rbac");
        createNamespace(ns);
        new ChartRenderer("stampede", "lt", ns).install(API.kubeconfig(), "loadtest: {k8sSteps: {enabled: true}}");
        K8sStepExecutor executor = executorAsTheChartsServiceAccount(ns);
        TestUser user = new TestUser("run-rbac", 1);
        List<Boolean> results = user.runAll(executor, steps("""
            - k8s:
                verb: create
                namespace: %1$s
                create_namespace: true
                manifest: {apiVersion: v1, kind: Service, metadata: {name: "svc-${user.id}"}, spec: {ports: [{port: 8080}]}}
            - k8s: {verb: get, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
            - k8s: {verb: list, kind: Service, namespace: %1$s}
            - k8s: {verb: delete, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
            - k8s:
                verb: create
                namespace: %1$s
                manifest: {apiVersion: v1, kind: Service, metadata: {name: "svc-kept-${user.id}"}, spec: {ports: [{port: 8080}]}}
            - k8s:
                verb: create
                namespace: %1$s
                manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: "cm-${user.id}"}}
            - k8s:
                verb: create
                namespace: default
                manifest: {apiVersion: v1, kind: Service, metadata: {name: "svc-${user.id}"}, spec: {ports: [{port: 8080}]}}
            """.formatted(ns)));
        assertThat(results).containsExactly(true, true, true, true, true, false, false);
        // A create first sweeps other runs' leftovers of that kind there: the list is what is refused first.
        assertThat(List.copyOf(user.samples).subList(5, 7)).extracting(Sample::error).containsExactly(
            "403 Forbidden: cannot list resource \"configmaps\" in API group \"\" in the namespace \"" + ns + "\"",
            "403 Forbidden: cannot list resource \"services\" in API group \"\" in the namespace \"default\"");

        executor.runFinished("run-rbac");
        assertThat(API.client().services().inNamespace(ns).withLabel("stampede.io/run").list().getItems())
            .as("runFinished deleted the run's Services with the ServiceAccount's rights").isEmpty();
        assertThat(API.client().namespaces().withName(ns).get().getMetadata().getDeletionTimestamp()).isNull();
        executor.close();
    }

    /**
     * {@code experiments.topology}: as the coordinator's own ServiceAccount, a suite's labeled
     * Deployment and Service are created, listed by label and deleted in the topology namespace
     * (the chart creates it); anything else there, and the same in the release namespace, is 403.
     */
    @Test
    void theCoordinatorMayDeployATopologyInItsNamespaceAndNothingMore() throws Exception {
        String ns = freshNamespace("exp");
        String topology = freshNamespace("topo");
        createNamespace(ns);
        new ChartRenderer("stampede", "lt", ns).install(API.kubeconfig(),
            "experiments: {enabled: true, topology: {enabled: true, namespace: " + topology + ", createNamespace: true}}");
        Config asCoordinator = API.config();
        asCoordinator.setImpersonateUsername("system:serviceaccount:" + ns + ":lt-stampede-coordinator");
        asCoordinator.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "stampede", "stampede.io/suite", "s1");
        var deployment = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
            .withNewMetadata().withName("entry").withLabels(labels).endMetadata()
            .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
            .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec().addNewContainer().withName("app").withImage("sample-workload").endContainer().endSpec()
            .endTemplate().endSpec().build();
        var service = new io.fabric8.kubernetes.api.model.ServiceBuilder()
            .withNewMetadata().withName("entry").withLabels(labels).endMetadata()
            .withNewSpec().withSelector(labels).addNewPort().withPort(8080).endPort().endSpec().build();
        try (KubernetesClient coordinator = new KubernetesClientBuilder().withConfig(asCoordinator).build()) {
            coordinator.apps().deployments().inNamespace(topology).resource(deployment).create();
            coordinator.services().inNamespace(topology).resource(service).create();
            assertThat(coordinator.apps().deployments().inNamespace(topology).withLabels(labels).list().getItems()).hasSize(1);
            assertThat(coordinator.services().inNamespace(topology).withLabels(labels).list().getItems()).hasSize(1);
            coordinator.apps().deployments().inNamespace(topology).withLabels(labels).delete();
            coordinator.services().inNamespace(topology).withLabels(labels).delete();

            assertForbidden(() -> coordinator.configMaps().inNamespace(topology).resource(
                new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).create());
            assertForbidden(() -> coordinator.apps().deployments().inNamespace(ns).resource(deployment).create());
            assertForbidden(() -> coordinator.services().inNamespace(ns).resource(service).create());
            assertForbidden(() -> coordinator.namespaces().withName(topology).delete());
        }
        assertThat(API.client().apps().deployments().inNamespace(topology).list().getItems()).isEmpty();
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(403));
    }

    /** {@code serviceNamespaces}: the CoreDNS scenario's own namespace, created by the chart, with Service rights there only. */
    @Test
    void serviceNamespacesLetTheStepsWorkInTheScenariosNamespace() throws Exception {
        String ns = freshNamespace("rbac-svc");
        String target = ns + "-coredns";
        createNamespace(ns);
        new ChartRenderer("stampede", "lt", ns).install(API.kubeconfig(),
            "loadtest: {k8sSteps: {enabled: true, serviceNamespaces: [" + target + "]}}");
        assertThat(API.client().namespaces().withName(target).get()).as("the chart created the scenario's namespace").isNotNull();
        K8sStepExecutor executor = executorAsTheChartsServiceAccount(ns);
        TestUser user = new TestUser("run-coredns", 1);
        // As scenarios/coredns.yaml: create_namespace on the existing namespace is fine (409 counts as done).
        List<Boolean> results = user.runAll(executor, steps("""
            - k8s:
                verb: create
                namespace: %1$s
                create_namespace: true
                manifest: {apiVersion: v1, kind: Service, metadata: {name: "svc-${user.id}"}, spec: {ports: [{port: 8080}]}}
            - k8s: {verb: get, kind: Service, namespace: %1$s, object: "svc-${user.id}"}
            - k8s:
                verb: create
                namespace: %1$s
                manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: "cm-${user.id}"}}
            """.formatted(target)));
        assertThat(results).as("samples: %s", user.samples).containsExactly(true, true, false);
        executor.runFinished("run-coredns");
        assertThat(API.client().services().inNamespace(target).withLabel("stampede.io/run").list().getItems())
            .as("runFinished deleted the run's Services there").isEmpty();
        assertThat(API.client().namespaces().withName(target).get().getMetadata().getDeletionTimestamp())
            .as("the chart's namespace is not the run's to delete").isNull();
        executor.close();
    }

    /**
     * scenarios/coredns.yaml's own task (list, create N, delete N; its DNS loop needs a cluster
     * DNS, which this API server has not) as the workers run it, with the RBAC of the install
     * command of docs/coredns.md.
     */
    @Test
    void theCoreDnsScenarioRunsWithTheChartsRbac() throws Exception {
        String ns = freshNamespace("coredns");
        String target = ns + "-services";
        createNamespace(ns);
        new ChartRenderer("stampede", "lt", ns).install(API.kubeconfig(),
            "loadtest: {k8sSteps: {enabled: true, serviceNamespaces: [" + target + "]}}");
        io.stampede.core.scenario.Scenario scenario = io.stampede.core.scenario.ScenarioParser.parse(
            io.stampede.deploy.ProjectPaths.root().resolve("scenarios/coredns.yaml"));
        assertThat(scenario.variables()).containsEntry("services", "10");
        List<io.stampede.core.scenario.Step> steps = scenario.users().getFirst().tasks().getFirst().steps().stream()
            .filter(step -> !(step instanceof io.stampede.core.scenario.LoopStep loop
                && loop.steps().getFirst() instanceof io.stampede.core.scenario.DnsStep))
            .toList();
        assertThat(steps).as("list, create loop, delete loop").hasSize(3);

        K8sStepExecutor executor = executorAsTheChartsServiceAccount(ns);
        TestUser user = new TestUser("run-coredns-scenario", 7);
        user.setVariable("namespace", target);
        user.setVariable("services", "3");
        assertThat(user.runAll(executor, steps)).as("samples: %s", user.samples).containsExactly(true, true, true);
        assertThat(user.samples).extracting(Sample::method).containsExactly(
            "LIST", "CREATE", "CREATE", "CREATE", "DELETE", "DELETE", "DELETE");
        assertThat(user.samples).extracting(Sample::error).containsOnlyNulls();
        assertThat(API.client().services().inNamespace(target).list().getItems()).as("each user deletes its own").isEmpty();
        executor.runFinished("run-coredns-scenario");
        executor.close();
    }

    /** The engine's k8s steps as the pods of release {@code lt} in {@code ns} run them: with the chart's ServiceAccount (impersonated). */
    private static K8sStepExecutor executorAsTheChartsServiceAccount(String ns) {
        Config asPod = API.config();
        asPod.setImpersonateUsername("system:serviceaccount:" + ns + ":lt-stampede");
        asPod.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        return new K8sStepExecutor(() -> new KubernetesClientBuilder().withConfig(asPod).build(), Duration.ofSeconds(20));
    }

    /**
     * Sends each rendered document as it is (untyped: nothing dropped or defaulted on the way) as
     * a server-side dry-run create; collects what was sent, skipped (with why) and rejected (with
     * the server's message) and prints the skipped ones.
     */
    private static void dryRunEach(String manifests, String ns, List<String> sent, List<String> skipped,
                                   List<String> rejected) {
        for (String document : ChartRenderer.documents(manifests)) {
            GenericKubernetesResource object = Serialization.unmarshal(document, GenericKubernetesResource.class);
            String id = object.getKind() + "/" + object.getMetadata().getName();
            Optional<String> notServed = notServed(object.getApiVersion(), object.getKind());
            if (notServed.isPresent()) {
                String entry = id + " (" + object.getApiVersion() + "): " + notServed.get();
                System.out.println("[dry-run] skipped " + entry);
                skipped.add(entry);
                continue;
            }
            boolean namespaced = SERVED.get(object.getApiVersion()).get(object.getKind());
            try {
                if (namespaced) {
                    object.getMetadata().setNamespace(ns);
                    API.client().resource(object).inNamespace(ns).dryRun().create();
                } else {
                    API.client().resource(object).dryRun().create();
                }
                sent.add(id);
            } catch (KubernetesClientException e) {
                rejected.add(id + " (" + object.getApiVersion() + "): " + e.getCode() + " "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
            }
        }
    }

    /** Why the server cannot take this kind, or empty when it serves it. */
    private static Optional<String> notServed(String apiVersion, String kind) {
        Map<String, Boolean> kinds = SERVED.computeIfAbsent(apiVersion, ChartServerSideDryRunTest::discover);
        if (kinds.containsKey(kind)) {
            return Optional.empty();
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        boolean builtIn = group.isEmpty() || group.endsWith(".k8s.io") || !group.contains(".");
        String version = API.client().getKubernetesVersion().getGitVersion();
        if (!kinds.isEmpty()) {
            return Optional.of(apiVersion + " has no kind " + kind + " on Kubernetes " + version);
        }
        return Optional.of(builtIn
            ? apiVersion + " is not served by Kubernetes " + version + " (helm template renders with helm's default "
                + "capabilities; the helm install test renders this object with the server's API versions)"
            : "a custom resource: its CRD (group " + group + ") is not installed on this API server");
    }

    private static Map<String, Boolean> discover(String apiVersion) {
        APIResourceList resources;
        try {
            resources = API.client().getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Map.of();
            }
            throw e;
        }
        Map<String, Boolean> kinds = new HashMap<>();
        if (resources != null) {
            for (APIResource resource : resources.getResources()) {
                if (!resource.getName().contains("/")) { // subresources (pods/log, deployments/scale) aside
                    kinds.put(resource.getKind(), resource.getNamespaced());
                }
            }
        }
        return kinds;
    }

    /** The manifest helm stored in the release Secret (base64 of gzipped JSON, inside the Secret's base64). */
    private static List<HasMetadata> releaseManifest(String ns, String release) {
        Secret secret = API.client().secrets().inNamespace(ns).withName("sh.helm.release.v1." + release + ".v1").get();
        assertThat(secret).as("helm's release Secret").isNotNull();
        byte[] gzipped = Base64.getDecoder().decode(Base64.getDecoder().decode(secret.getData().get("release")));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            Map<?, ?> stored = Serialization.unmarshal(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return ChartRenderer.documents((String) stored.get("manifest")).stream()
                .map(document -> (HasMetadata) Serialization.unmarshal(document, GenericKubernetesResource.class))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertAllExistOnTheServer(List<HasMetadata> objects, String ns) {
        List<String> missing = new ArrayList<>();
        for (HasMetadata object : objects) {
            assertThat(notServed(object.getApiVersion(), object.getKind())).as(object.getKind()).isEmpty();
            boolean namespaced = SERVED.get(object.getApiVersion()).get(object.getKind());
            var found = namespaced ? API.client().resource(object).inNamespace(ns).get() : API.client().resource(object).get();
            if (found == null) {
                missing.add(object.getApiVersion() + " " + object.getKind() + "/" + object.getMetadata().getName());
            }
        }
        assertThat(missing).as("objects of the release not on the server").isEmpty();
    }

    private static String freshNamespace(String prefix) {
        return KubeApiServer.freshNamespace(prefix);
    }

    private static void createNamespace(String name) {
        API.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
}
