package io.stampede.deploy.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.stampede.deploy.chart.StampedeChartTest.assertSecretRef;
import static io.stampede.deploy.chart.StampedeChartTest.container;
import static io.stampede.deploy.chart.StampedeChartTest.decode;
import static io.stampede.deploy.chart.StampedeChartTest.env;
import static io.stampede.deploy.chart.StampedeChartTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * charts/stampede's pod and service options (those of the deliveryhero locust chart that users
 * rely on), the KEDA ScaledObject and the no-auth mode for in-cluster automation.
 */
class StampedeChartPodOptionsTest {

    private static final ChartRenderer CHART = new ChartRenderer("stampede", "lt", "load");
    private static final String COORDINATOR = "lt-stampede-coordinator";
    private static final String WORKER = "lt-stampede-worker";

    @Test
    void environmentAndSecretsReachCoordinatorAndWorkersWithoutTheirValuesInTheDeployments() {
        RenderedChart chart = CHART.render("""
            loadtest:
              environment: {TARGET_ENV: staging, RETRIES: 3}
              environment_secret: {API_TOKEN: s3cret-value}
              environment_external_secret: {api-credentials: [API_USER, API_PASSWORD]}
              environment_load_from_secrets: [more-credentials]
              envFrom: [{configMapRef: {name: loadtest-settings}}]
              mount_external_secret: {mountPath: /secrets, files: {tls-certs: [ca.crt]}}
            coordinator:
              environment: {ONLY_COORDINATOR: "1"}
              envFrom: [{secretRef: {name: coordinator-extra}}]
            worker:
              environment: {ONLY_WORKER: "1"}
            """);
        Secret envSecret = chart.get(Secret.class, "lt-stampede-env");
        assertThat(decode(envSecret, "API_TOKEN")).isEqualTo("s3cret-value");

        Deployment coordinatorDeployment = chart.get(Deployment.class, COORDINATOR);
        Deployment workerDeployment = chart.get(Deployment.class, WORKER);
        for (Deployment deployment : List.of(coordinatorDeployment, workerDeployment)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().getFirst();
            assertThat(env(c, "TARGET_ENV").getValue()).isEqualTo("staging");
            assertThat(env(c, "RETRIES").getValue()).as("numbers become strings").isEqualTo("3");
            assertSecretRef(c, "API_TOKEN", "lt-stampede-env", "API_TOKEN");
            assertSecretRef(c, "API_USER", "api-credentials", "API_USER");
            assertSecretRef(c, "API_PASSWORD", "api-credentials", "API_PASSWORD");
            assertThat(envFrom(c)).contains("secret:more-credentials", "configmap:loadtest-settings");
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("external-secrets");
                assertThat(m.getMountPath()).isEqualTo("/secrets");
            });
            assertThat(volume(pod, "external-secrets").getProjected().getSources())
                .singleElement().satisfies(source -> assertThat(source.getSecret().getName()).isEqualTo("tls-certs"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("pods restart when a secret value changes").containsKey("checksum/env-secret");
            assertThat(deployment.toString()).as("the secret's value stays in the Secret").doesNotContain("s3cret-value");
        }
        Container coordinator = coordinatorDeployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Container worker = workerDeployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(coordinator.getEnv()).extracting(e -> e.getName()).contains("ONLY_COORDINATOR").doesNotContain("ONLY_WORKER");
        assertThat(worker.getEnv()).extracting(e -> e.getName()).contains("ONLY_WORKER").doesNotContain("ONLY_COORDINATOR");
        assertThat(envFrom(coordinator)).contains("secret:coordinator-extra");
        assertThat(envFrom(worker)).doesNotContain("secret:coordinator-extra");
        // the chart's own variables come first and stay
        assertThat(worker.getEnv().getFirst().getName()).isEqualTo("STAMPEDE_COORDINATOR");

        Deployment plain = CHART.render("").get(Deployment.class, WORKER);
        assertThat(plain.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnvFrom()).isNullOrEmpty();
    }

    @Test
    void serviceAccountAnnotationsForIrsaCreateTheAccountForBothComponents() {
        RenderedChart chart = CHART.render(
            "serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::123456789012:role/loadtest'}}");
        ServiceAccount account = chart.get(ServiceAccount.class, "lt-stampede");
        assertThat(account.getMetadata().getAnnotations())
            .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/loadtest");
        assertThat(chart.all(Deployment.class)).allSatisfy(d ->
            assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("lt-stampede"));
        assertThat(chart.kinds()).as("no RBAC without k8sSteps").doesNotContain("Role", "ClusterRole");

        RenderedChart existing = CHART.render("serviceAccount: {name: team-loadtest}");
        assertThat(existing.all(ServiceAccount.class)).isEmpty();
        assertThat(existing.all(Deployment.class)).allSatisfy(d ->
            assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("team-loadtest"));
    }

    @Test
    void podLevelOptionsOfBothComponents() {
        RenderedChart chart = CHART.render("""
            hostAliases: [{ip: 10.0.0.5, hostnames: [legacy.example.com]}]
            extraLabels: {cost-center: load}
            extraConfigMaps: {loadtest-data: /data/extra}
            coordinator:
              extraVolumes: [{name: scratch, emptyDir: {}}]
              extraVolumeMounts: [{name: scratch, mountPath: /scratch}]
              initContainers: [{name: wait, image: busybox, command: ["true"]}]
              strategy: {type: RollingUpdate}
              terminationGracePeriodSeconds: 90
              priorityClassName: load-critical
              deploymentAnnotations: {example.com/owner: team}
              podLabels: {example.com/tier: control}
              readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}}
            worker:
              args: [--stampede.worker.insecure-tls=true]
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 50%}}
              revisionHistoryLimit: 2
              terminationGracePeriodSeconds: 20
              priorityClassName: load-batch
              deploymentAnnotations: {example.com/owner: team}
              podLabels: {example.com/tier: load}
              livenessProbe: {exec: {command: [/bin/true]}, periodSeconds: 30}
            """);
        Deployment coordinator = chart.get(Deployment.class, COORDINATOR);
        PodSpec cpod = coordinator.getSpec().getTemplate().getSpec();
        assertThat(coordinator.getMetadata().getLabels()).containsEntry("cost-center", "load");
        assertThat(coordinator.getMetadata().getAnnotations()).containsEntry("example.com/owner", "team");
        assertThat(coordinator.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("example.com/tier", "control");
        assertThat(coordinator.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(cpod.getTerminationGracePeriodSeconds()).isEqualTo(90L);
        assertThat(cpod.getPriorityClassName()).isEqualTo("load-critical");
        assertThat(cpod.getInitContainers()).extracting(c -> c.getName()).containsExactly("wait");
        assertThat(cpod.getHostAliases()).singleElement().satisfies(a -> assertThat(a.getHostnames()).containsExactly("legacy.example.com"));
        assertThat(volume(cpod, "configmap-loadtest-data").getConfigMap().getName()).isEqualTo("loadtest-data");
        assertThat(volume(cpod, "scratch").getEmptyDir()).isNotNull();
        assertThat(container(cpod, "coordinator").getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
            .contains("configmap-loadtest-data=/data/extra", "scratch=/scratch");
        assertThat(container(cpod, "coordinator").getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container(cpod, "coordinator").getReadinessProbe().getTcpSocket()).isNull();
        assertThat(container(cpod, "coordinator").getStartupProbe().getTcpSocket()).as("the defaults stay").isNotNull();

        Deployment workers = chart.get(Deployment.class, WORKER);
        PodSpec wpod = workers.getSpec().getTemplate().getSpec();
        Container worker = container(wpod, "worker");
        assertThat(worker.getArgs()).containsExactly("--stampede.worker.insecure-tls=true");
        assertThat(worker.getLivenessProbe().getExec().getCommand()).containsExactly("/bin/true");
        assertThat(worker.getLivenessProbe().getHttpGet()).as("the Probe replaces the default, no merge").isNull();
        assertThat(worker.getReadinessProbe()).isNull();
        assertThat(worker.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
        assertThat(workers.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("50%");
        assertThat(workers.getSpec().getRevisionHistoryLimit()).isEqualTo(2);
        assertThat(wpod.getTerminationGracePeriodSeconds()).isEqualTo(20L);
        assertThat(wpod.getPriorityClassName()).isEqualTo("load-batch");
        assertThat(wpod.getHostAliases()).hasSize(1);
        assertThat(volume(wpod, "configmap-loadtest-data").getConfigMap().getName()).isEqualTo("loadtest-data");
        assertThat(workers.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("example.com/tier", "load")
            .containsEntry("cost-center", "load");

        DaemonSet daemonSet = CHART.render("worker: {kind: DaemonSet, strategy: {type: OnDelete}}").get(DaemonSet.class, WORKER);
        assertThat(daemonSet.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    }

    @Test
    void workerPodDisruptionBudgetAndExtraObjects() {
        RenderedChart chart = CHART.render("""
            worker: {podDisruptionBudget: {enabled: true, minAvailable: 50%}}
            extraObjects:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: "{{ .Release.Name }}-settings"}
                data: {namespace: "{{ .Release.Namespace }}"}
            """);
        PodDisruptionBudget pdb = chart.get(PodDisruptionBudget.class, WORKER);
        assertThat(pdb.getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
            .isEqualTo(chart.get(Deployment.class, WORKER).getSpec().getSelector().getMatchLabels());
        assertThat(chart.get(ConfigMap.class, "lt-settings").getData()).containsEntry("namespace", "load");

        assertThat(CHART.render("worker: {podDisruptionBudget: {enabled: true}}").get(PodDisruptionBudget.class, WORKER)
            .getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(CHART.render("").find(PodDisruptionBudget.class, WORKER)).isEmpty();
        assertThatThrownBy(() -> CHART.render("worker: {podDisruptionBudget: {enabled: true, minAvailable: 1, maxUnavailable: 1}}"))
            .hasMessageContaining("not both");
    }

    /** A TLS Secret for scenarios' mutual TLS reaches every worker as read-only files; the TLS provider as a property. */
    @Test
    void workerTlsSecretIsMountedReadOnlyAndTheProviderPassed() {
        PodSpec plain = CHART.render("").get(Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(plain.getVolumes()).extracting(v -> v.getName()).doesNotContain("tls");
        assertThat(container(plain, "worker").getEnv()).extracting(e -> e.getName())
            .as("auto is the worker's own default").doesNotContain("STAMPEDE_WORKER_TLS_PROVIDER");

        RenderedChart chart = CHART.render("worker: {tls: {provider: jdk, secretName: loadtest-client}}");
        PodSpec pod = chart.get(Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(volume(pod, "tls").getSecret().getSecretName()).isEqualTo("loadtest-client");
        Container worker = container(pod, "worker");
        assertThat(worker.getVolumeMounts()).filteredOn(m -> m.getName().equals("tls")).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/stampede/tls");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(env(worker, "STAMPEDE_WORKER_TLS_PROVIDER").getValue()).isEqualTo("jdk");

        PodSpec elsewhere = CHART.render("worker: {tls: {secretName: c, mountPath: /certs}}")
            .get(Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(container(elsewhere, "worker").getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/certs");
        assertThatThrownBy(() -> CHART.render("worker: {tls: {provider: boringssl}}")).hasMessageContaining("provider");
        assertThatThrownBy(() -> CHART.render("worker: {tls: {secretName: c, mountPath: certs}}")).hasMessageContaining("mountPath");
    }

    /**
     * worker.transport and worker.batchWait reach the workers as stampede.worker.transport and batch-wait
     * (environment variables); their defaults are left to the worker's own, and a value the worker
     * cannot take fails the render.
     */
    @ParameterizedTest
    @CsvSource({"transport, STAMPEDE_WORKER_TRANSPORT, epoll, kqueue", "batchWait, STAMPEDE_WORKER_BATCH_WAIT, 0ms, 100"})
    void workerLoopSettingsArePassedOnlyWhenSet(String key, String variable, String value, String refused) {
        PodSpec plain = CHART.render("").get(Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(container(plain, "worker").getEnv()).extracting(e -> e.getName())
            .as("the worker's own default").doesNotContain(variable);

        PodSpec set = CHART.render("worker: {" + key + ": " + value + "}").get(Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(env(container(set, "worker"), variable).getValue()).isEqualTo(value);
        assertThatThrownBy(() -> CHART.render("worker: {" + key + ": " + refused + "}")).hasMessageContaining(key);
    }

    @Test
    void servicePortNodePortAndLoadBalancerAddress() {
        RenderedChart chart = CHART.render("""
            coordinator:
              service: {type: LoadBalancer, port: 80, nodePort: 30089, loadBalancerIP: 10.0.0.10, extraLabels: {team: load}}
            """);
        Service service = chart.get(Service.class, COORDINATOR);
        assertThat(service.getSpec().getPorts().getFirst()).satisfies(http -> {
            assertThat(http.getPort()).isEqualTo(80);
            assertThat(http.getNodePort()).isEqualTo(30089);
            assertThat(http.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getLoadBalancerIP()).isEqualTo("10.0.0.10");
        assertThat(service.getMetadata().getLabels()).containsEntry("team", "load");
        assertThat(container(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator")
            .getPorts().getFirst().getContainerPort()).as("the container keeps uiPort").isEqualTo(8089);

        String notes = CHART.installNotes("coordinator: {service: {type: LoadBalancer, port: 80}}");
        assertThat(notes)
            .contains("kubectl -n load get service lt-stampede-coordinator -o jsonpath='{.status.loadBalancer.ingress[0].hostname}")
            .contains("then browse http://<that address>/")
            .contains("port-forward svc/lt-stampede-coordinator 8089:80");
        assertThat(CHART.installNotes("")).doesNotContain("load balancer");
    }

    @Test
    void kedaScalesWorkersOnCpuOrUsersAndExcludesTheHpa() {
        RenderedChart cpu = CHART.render("worker: {keda: {enabled: true, minReplicaCount: 3, maxReplicaCount: 30}}");
        GenericKubernetesResource scaledObject = scaledObject(cpu);
        assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        Map<String, Object> spec = spec(scaledObject);
        assertThat(spec).containsEntry("minReplicaCount", 3).containsEntry("maxReplicaCount", 30);
        assertThat((Map<String, Object>) spec.get("scaleTargetRef")).containsEntry("name", WORKER).containsEntry("kind", "Deployment");
        assertThat(spec.get("triggers").toString()).contains("type=cpu", "metricType=Utilization", "value=70");
        assertThat(cpu.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(cpu.get(Deployment.class, WORKER).getSpec().getReplicas()).as("replicas belong to KEDA").isNull();

        RenderedChart users = CHART.render("""
            worker: {keda: {enabled: true, scaleOn: users, prometheus: {serverAddress: "http://prom:9090", usersPerWorker: 250}}}
            """);
        assertThat(spec(scaledObject(users)).get("triggers").toString()).contains("type=prometheus", "serverAddress=http://prom:9090",
            "threshold=250", "sum(stampede_users{namespace=\"load\",service=\"lt-stampede-coordinator\"})");

        assertThatThrownBy(() -> CHART.render("worker: {hpa: {enabled: true}, keda: {enabled: true}}"))
            .hasMessageContaining("worker.hpa.enabled and worker.keda.enabled are mutually exclusive");
        assertThatThrownBy(() -> CHART.render("worker: {keda: {enabled: true, scaleOn: users}}"))
            .hasMessageContaining("worker.keda.prometheus.serverAddress");
        assertThatThrownBy(() -> CHART.render("worker: {kind: DaemonSet, keda: {enabled: true}}"))
            .hasMessageContaining("worker.keda.enabled needs worker.kind=Deployment");
        assertThat(CHART.installNotes("worker: {keda: {enabled: true}}")).contains("KEDA 2-20 on cpu");
    }

    @Test
    void authOffIsExplicitLimitedByTheNetworkPolicyAndWarned() {
        RenderedChart chart = CHART.render("webAuth: {enabled: false}");
        Container coordinator = container(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator");
        assertThat(coordinator.getArgs()).doesNotContain("--web-auth");
        assertThat(env(coordinator, "STAMPEDE_COORDINATOR_WEBAUTHDISABLED").getValue()).isEqualTo("true");
        assertThat(chart.find(Secret.class, "lt-stampede-web-auth")).isEmpty();
        NetworkPolicy policy = chart.get(NetworkPolicy.class, COORDINATOR);
        assertThat(policy.getSpec().getIngress().getFirst().getFrom()).singleElement()
            .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).as("this namespace's pods").isNullOrEmpty());

        RenderedChart ci = CHART.render("""
            webAuth: {enabled: false}
            networkPolicy: {uiFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ci}}}]}
            """);
        assertThat(ci.get(NetworkPolicy.class, COORDINATOR).getSpec().getIngress().getFirst().getFrom()).singleElement()
            .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "ci"));

        assertThat(CHART.installNotes("webAuth: {enabled: false}"))
            .contains("WARNING: webAuth.enabled=false: the UI/API on port 8089 has NO authentication")
            .contains("curl -X POST -d user_count=10 -d spawn_rate=10 http://lt-stampede-coordinator.load.svc:8089/swarm")
            .doesNotContain("Log in as");
        assertThatThrownBy(() -> CHART.render("webAuth: {enabled: false}\nnetworkPolicy: {enabled: false}"))
            .hasMessageContaining("webAuth.enabled=false needs networkPolicy.enabled=true");

        Container withAuth = container(CHART.render("").get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator");
        assertThat(withAuth.getArgs()).contains("--web-auth");
        assertThat(withAuth.getEnv()).noneMatch(e -> e.getName().equals("STAMPEDE_COORDINATOR_WEBAUTHDISABLED"));
    }

    private static List<String> envFrom(Container container) {
        return container.getEnvFrom().stream().map(e -> e.getSecretRef() != null ? "secret:" + e.getSecretRef().getName()
            : "configmap:" + e.getConfigMapRef().getName()).toList();
    }

    private static GenericKubernetesResource scaledObject(RenderedChart chart) {
        return chart.all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals("ScaledObject"))
            .findFirst().orElseThrow(() -> new AssertionError("no ScaledObject in " + chart.summary()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }
}
