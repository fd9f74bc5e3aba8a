package io.stampede.deploy.chart;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** charts/stampede rendered with the value sets users need, checked as typed objects. */
class StampedeChartTest {

    private static final ChartRenderer CHART = new ChartRenderer("stampede", "lt", "load");
    private static final String COORDINATOR = "lt-stampede-coordinator";
    private static final String WORKER = "lt-stampede-worker";

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = CHART.lint();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderCoordinatorWorkersSecretsAndSecurity() {
        RenderedChart chart = CHART.render("");

        assertThat(chart.kinds()).containsExactlyInAnyOrder(
            "Secret", "Secret", "Service", "Deployment", "Deployment", "PodDisruptionBudget", "NetworkPolicy");

        Deployment coordinator = chart.get(Deployment.class, COORDINATOR);
        assertThat(coordinator.getSpec().getReplicas()).isEqualTo(1);
        Container ui = container(coordinator.getSpec().getTemplate().getSpec(), "coordinator");
        assertThat(ui.getImage()).isEqualTo("localhost/stampede/coordinator:0.1.0-SNAPSHOT");
        assertThat(ui.getArgs()).containsSequence("--web-host", "0.0.0.0")
            .containsSequence("--local-workers", "0")
            .containsSequence("--web-auth", "$(STAMPEDE_WEB_USERNAME):$(STAMPEDE_WEB_PASSWORD)")
            .containsSequence("--allowed-hosts", "lt-stampede-coordinator,lt-stampede-coordinator.load,"
                + "lt-stampede-coordinator.load.svc,lt-stampede-coordinator.load.svc.cluster.local,$(POD_IP)")
            .doesNotContain("-f", "-H");
        assertThat(ui.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
            .containsExactly("http:8089", "link:5557");
        assertSecretRef(ui, "STAMPEDE_LINK_TOKEN", "lt-stampede-link", "token");
        assertSecretRef(ui, "STAMPEDE_WEB_USERNAME", "lt-stampede-web-auth", "username");
        assertSecretRef(ui, "STAMPEDE_WEB_PASSWORD", "lt-stampede-web-auth", "password");
        assertThat(env(ui, "STAMPEDE_COORDINATOR_HISTORYDIR").getValue()).isEqualTo("/var/lib/stampede/history");
        assertThat(ui.getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
            .containsExactlyInAnyOrder("tmp=/tmp", "history=/var/lib/stampede/history");
        assertThat(volume(coordinator.getSpec().getTemplate().getSpec(), "history").getEmptyDir()).isNotNull();

        Deployment workers = chart.get(Deployment.class, WORKER);
        assertThat(workers.getSpec().getReplicas()).isEqualTo(2);
        Container worker = container(workers.getSpec().getTemplate().getSpec(), "worker");
        assertThat(env(worker, "STAMPEDE_COORDINATOR").getValue()).isEqualTo(COORDINATOR + ":5557");
        assertSecretRef(worker, "STAMPEDE_LINK_TOKEN", "lt-stampede-link", "token");
        assertThat(worker.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(worker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");

        for (Deployment deployment : List.of(coordinator, workers)) {
            assertHardened(deployment.getSpec().getTemplate().getSpec());
            // no k8s steps: no API token in the pods
            assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("default");
        }

        Service service = chart.get(Service.class, COORDINATOR);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
            .containsExactly("http:8089", "link:5557");
        assertThat(service.getSpec().getSelector())
            .containsEntry("app.kubernetes.io/component", "coordinator")
            .isEqualTo(coordinator.getSpec().getSelector().getMatchLabels());

        Secret token = chart.get(Secret.class, "lt-stampede-link");
        assertThat(decode(token, "token")).hasSize(48).matches("[A-Za-z0-9]+");
        Secret auth = chart.get(Secret.class, "lt-stampede-web-auth");
        assertThat(auth.getType()).isEqualTo("kubernetes.io/basic-auth");
        assertThat(decode(auth, "username")).isEqualTo("admin");
        assertThat(decode(auth, "password")).hasSize(24);

        PodDisruptionBudget pdb = chart.get(PodDisruptionBudget.class, COORDINATOR);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(coordinator.getSpec().getSelector().getMatchLabels());

        NetworkPolicy policy = chart.get(NetworkPolicy.class, COORDINATOR);
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        var uiRule = policy.getSpec().getIngress().get(0);
        assertThat(uiRule.getFrom()).isNullOrEmpty();
        assertThat(uiRule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8089);
        var linkRule = policy.getSpec().getIngress().get(1);
        assertThat(linkRule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(5557);
        assertThat(linkRule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
            .isEqualTo(workers.getSpec().getSelector().getMatchLabels()));
    }

    @Test
    void generatedSecretsAreCreatedOnceAndKeptOnUpgrade() {
        FakeKubernetesApi cluster = ChartRenderer.cluster();
        cluster.clear();
        // first install: nothing in the cluster, fresh random values each time
        String first = decode(CHART.render("").get(Secret.class, "lt-stampede-link"), "token");
        String second = decode(CHART.render("").get(Secret.class, "lt-stampede-link"), "token");
        assertThat(first).isNotEqualTo(second);

        // upgrade: the chart reads the installed secrets back (lookup) and keeps them
        try {
            cluster.putSecret(new SecretBuilder().withNewMetadata().withName("lt-stampede-link").withNamespace("load").endMetadata()
                .addToData("token", Base64.getEncoder().encodeToString("installed-token".getBytes(StandardCharsets.UTF_8))).build());
            cluster.putSecret(new SecretBuilder().withNewMetadata().withName("lt-stampede-web-auth").withNamespace("load").endMetadata()
                .addToData("username", Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)))
                .addToData("password", Base64.getEncoder().encodeToString("installed-pw".getBytes(StandardCharsets.UTF_8))).build());
            RenderedChart upgrade = CHART.render("");
            assertThat(decode(upgrade.get(Secret.class, "lt-stampede-link"), "token")).isEqualTo("installed-token");
            assertThat(decode(upgrade.get(Secret.class, "lt-stampede-web-auth"), "password")).isEqualTo("installed-pw");
            // an explicit value wins over the installed one
            assertThat(decode(CHART.render("link: {token: rotated}").get(Secret.class, "lt-stampede-link"), "token"))
                .isEqualTo("rotated");
        } finally {
            cluster.clear();
        }

        RenderedChart existing = CHART.render("""
            link: {existingSecret: my-link}
            webAuth: {existingSecret: my-auth}
            """);
        assertThat(existing.all(Secret.class)).isEmpty();
        Container worker = container(existing.get(Deployment.class, WORKER).getSpec().getTemplate().getSpec(), "worker");
        assertSecretRef(worker, "STAMPEDE_LINK_TOKEN", "my-link", "token");
        Container coordinator = container(existing.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator");
        assertSecretRef(coordinator, "STAMPEDE_WEB_PASSWORD", "my-auth", "password");
    }

    @Test
    void hpaScalesWorkersOnCpuAndLeavesReplicasToIt() {
        RenderedChart chart = CHART.render("""
            worker:
              hpa: {enabled: true, minReplicas: 3, maxReplicas: 40, targetCPUUtilizationPercentage: 55}
              resources: {requests: {cpu: 750m, memory: 1Gi}, limits: {memory: 1Gi}}
            """);
        HorizontalPodAutoscaler hpa = chart.get(HorizontalPodAutoscaler.class, WORKER);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(WORKER);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(40);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(55);
        });
        Deployment workers = chart.get(Deployment.class, WORKER);
        assertThat(workers.getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
        assertThat(container(workers.getSpec().getTemplate().getSpec(), "worker").getResources().getRequests())
            .containsEntry("cpu", new Quantity("750m"));
    }

    @Test
    void notesPrintThePortForwardCommandAndTheAlbLookup() {
        String notes = CHART.installNotes("");
        assertThat(notes)
            .contains("kubectl -n load port-forward svc/lt-stampede-coordinator 8089:8089")
            .contains("kubectl -n load get secret lt-stampede-web-auth -o jsonpath='{.data.password}' | base64 -d")
            .doesNotContain("ALB");
        assertThat(CHART.installNotes("ingress: {enabled: true}"))
            .contains("kubectl -n load get ingress lt-stampede-coordinator -o jsonpath='{.status.loadBalancer.ingress[0].hostname}'");
    }

    @Test
    void cpuRequestIsRequired() {
        assertThatThrownBy(() -> CHART.render("""
            worker:
              hpa: {enabled: true}
              resources: {requests: {cpu: null}}
            """)).hasMessageContaining("cpu");
    }

    @Test
    void daemonSetRunsOneWorkerPerNodeOnTheWorkerNodes() {
        RenderedChart chart = CHART.render("""
            worker:
              kind: DaemonSet
              nodeSelector: {locustRole: worker}
              tolerations: [{key: dedicated, operator: Equal, value: load, effect: NoSchedule}]
            coordinator:
              nodeSelector: {locustRole: coordinator}
            """);
        assertThat(chart.find(Deployment.class, WORKER)).isEmpty();
        assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
        DaemonSet workers = chart.get(DaemonSet.class, WORKER);
        PodSpec pod = workers.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("locustRole", "worker"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getValue()).isEqualTo("load"));
        assertHardened(pod);
        assertThat(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec().getNodeSelector())
            .containsExactlyEntriesOf(Map.of("locustRole", "coordinator"));

        assertThatThrownBy(() -> CHART.render("worker: {kind: DaemonSet, hpa: {enabled: true}}"))
            .hasMessageContaining("worker.hpa.enabled needs worker.kind=Deployment");
        assertThatThrownBy(() -> CHART.render("worker: {kind: StatefulSet}"))
            .hasMessageContaining("kind");
    }

    @Test
    void albIngressWithTlsCertificate() {
        RenderedChart chart = CHART.render("""
            ingress:
              enabled: true
              host: load.example.com
              certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
              inboundCidrs: [203.0.113.0/24]
              annotations: {alb.ingress.kubernetes.io/group.name: stampede}
            """);
        Ingress ingress = chart.get(Ingress.class, COORDINATOR);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(ingress.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
            .containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
            .containsEntry("alb.ingress.kubernetes.io/certificate-arn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc")
            .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}, {\"HTTPS\": 443}]")
            .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443")
            .containsEntry("alb.ingress.kubernetes.io/inbound-cidrs", "203.0.113.0/24")
            .containsEntry("alb.ingress.kubernetes.io/group.name", "stampede");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("load.example.com");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(COORDINATOR);
        assertThat(backend.getPort().getName()).isEqualTo("http");

        Ingress plain = CHART.render("ingress: {enabled: true, scheme: internal}").get(Ingress.class, COORDINATOR);
        assertThat(plain.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/scheme", "internal")
            .doesNotContainKey("alb.ingress.kubernetes.io/certificate-arn");
        assertThat(plain.getSpec().getRules().get(0).getHost()).isNull();

        // The coordinator answers to the ingress host (DNS rebinding protection), to any host behind
        // an ingress without one (the ALB's name is not known here), and to the configured extra names.
        assertThat(allowedHosts(chart)).endsWith(",load.example.com");
        assertThat(allowedHosts(CHART.render("ingress: {enabled: true}"))).endsWith(",*");
        assertThat(allowedHosts(CHART.render("coordinator: {allowedHosts: [lb.example.com, 10.0.0.5]}")))
            .endsWith(".svc.cluster.local,$(POD_IP),lb.example.com,10.0.0.5");
        assertThatThrownBy(() -> CHART.render("coordinator: {allowedHosts: [\"http://x\"]}"))
            .hasMessageContaining("allowedHosts");
    }

    private static String allowedHosts(RenderedChart chart) {
        List<String> args = container(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(),
            "coordinator").getArgs();
        return args.get(args.indexOf("--allowed-hosts") + 1);
    }

    @Test
    void k8sStepsGetAServiceAccountWithTheCoreDnsScenarioPermissionsOnly() {
        RenderedChart chart = CHART.render("loadtest: {k8sSteps: {enabled: true}}");
        ServiceAccount account = chart.get(ServiceAccount.class, "lt-stampede");
        Role role = chart.get(Role.class, "lt-stampede-k8s-steps");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("services");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "delete");
        });
        RoleBinding binding = chart.get(RoleBinding.class, "lt-stampede-k8s-steps");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo("load");
        });
        ClusterRole namespaces = chart.all(ClusterRole.class).getFirst();
        assertThat(namespaces.getRules()).flatExtracting(PolicyRule::getResources).containsExactly("namespaces");
        assertThat(namespaces.getRules()).flatExtracting(PolicyRule::getVerbs)
            .containsExactlyInAnyOrder("create", "get", "list", "delete"); // list: cleanup by run label
        for (Deployment deployment : chart.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo("lt-stampede");
            assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        }

        RenderedChart coredns = CHART.render("loadtest: {k8sSteps: {enabled: true, serviceNamespaces: [coredns-services]}}");
        assertThat(coredns.all(Role.class)).extracting(r -> r.getMetadata().getNamespace()).contains("coredns-services");
        assertThat(coredns.all(RoleBinding.class)).filteredOn(b -> "coredns-services".equals(b.getMetadata().getNamespace()))
            .singleElement().satisfies(b -> assertThat(b.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("load")));
        assertThat(coredns.all(io.fabric8.kubernetes.api.model.Namespace.class)).extracting(n -> n.getMetadata().getName())
            .containsExactly("coredns-services");
        assertThat(CHART.render("loadtest: {k8sSteps: {enabled: true, serviceNamespaces: [coredns-services], "
            + "createServiceNamespaces: false}}").all(io.fabric8.kubernetes.api.model.Namespace.class)).isEmpty();

        RenderedChart namespaced = CHART.render("loadtest: {k8sSteps: {enabled: true, namespaces: false}}");
        assertThat(namespaced.all(ClusterRole.class)).isEmpty();
        assertThat(namespaced.all(Role.class)).hasSize(1);
        assertThat(CHART.render("").all(ServiceAccount.class)).isEmpty();
        assertThat(CHART.render("").all(Role.class)).isEmpty();
    }

    @Test
    void scenarioFromAnExistingConfigMap() {
        RenderedChart chart = CHART.render("""
            loadtest:
              name: todo
              host: http://sample-workload.workload.svc.cluster.local
              scenarioConfigMap: todo-scenario
              scenarioKey: todo-crud.yaml
            """);
        assertThat(chart.all(ConfigMap.class)).as("the chart creates no ConfigMap of its own").isEmpty();
        PodSpec pod = chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec();
        Container coordinator = container(pod, "coordinator");
        assertThat(coordinator.getArgs())
            .containsSequence("-f", "/etc/stampede/scenario/todo-crud.yaml")
            .containsSequence("-H", "http://sample-workload.workload.svc.cluster.local");
        assertThat(volume(pod, "scenario").getConfigMap().getName()).isEqualTo("todo-scenario");
        assertThat(coordinator.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("scenario");
            assertThat(m.getMountPath()).isEqualTo("/etc/stampede/scenario");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(chart.get(Deployment.class, WORKER).getMetadata().getLabels())
            .containsEntry("stampede.io/loadtest", "todo");
    }

    @Test
    void inlineScenarioBecomesAConfigMap() {
        RenderedChart chart = CHART.render("""
            loadtest:
              scenario: |
                name: smoke
                users:
                  - name: u
                    tasks:
                      - name: t
                        steps:
                          - http: {name: root, method: GET, path: /}
              extraArgs: [--headless, -u, "10", -t, 1m]
            """);
        ConfigMap scenario = chart.get(ConfigMap.class, "lt-stampede-scenario");
        assertThat(scenario.getData().get("scenario.yaml")).startsWith("name: smoke\n").contains("path: /");
        Deployment coordinator = chart.get(Deployment.class, COORDINATOR);
        assertThat(coordinator.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/scenario");
        assertThat(container(coordinator.getSpec().getTemplate().getSpec(), "coordinator").getArgs())
            .containsSequence("-f", "/etc/stampede/scenario/scenario.yaml")
            .endsWith("--headless", "-u", "10", "-t", "1m");

        assertThatThrownBy(() -> CHART.render("loadtest: {scenario: 'name: x', scenarioConfigMap: other}"))
            .hasMessageContaining("mutually exclusive");
    }

    @Test
    void webBasePathMovesTheFlagTheIngressPathItsHealthCheckAndTheScrapePath() {
        RenderedChart chart = CHART.render("""
            coordinator: {webBasePath: /stampede}
            ingress: {enabled: true}
            serviceMonitor: {enabled: true}
            """);
        PodSpec pod = chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec();
        assertThat(container(pod, "coordinator").getArgs()).containsSequence("--web-base-path", "/stampede");
        Ingress ingress = chart.get(Ingress.class, COORDINATOR);
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/stampede");
        assertThat(ingress.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/stampede/actuator/health");
        GenericKubernetesResource monitor = chart.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getAdditionalProperties().toString()).contains("path=/stampede/actuator/prometheus");
        assertThat(CHART.installNotes("coordinator: {webBasePath: /stampede}")).contains("http://localhost:8089/stampede/");

        Ingress root = CHART.render("ingress: {enabled: true}").get(Ingress.class, COORDINATOR);
        assertThat(root.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/");
        assertThat(root.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/actuator/health");
        assertThat(container(CHART.render("").get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(),
            "coordinator").getArgs()).doesNotContain("--web-base-path");
        assertThatThrownBy(() -> CHART.render("coordinator: {webBasePath: stampede/}")).hasMessageContaining("webBasePath");
    }

    @Test
    void serviceTypePersistenceAndServiceMonitorOptions() {
        RenderedChart chart = CHART.render("""
            coordinator:
              service: {type: LoadBalancer}
              history: {persistence: {enabled: true, size: 5Gi, storageClass: gp3}}
            serviceMonitor: {enabled: true, labels: {release: prometheus}}
            networkPolicy: {enabled: false}
            """);
        assertThat(chart.get(Service.class, COORDINATOR).getSpec().getType()).isEqualTo("LoadBalancer");
        PersistentVolumeClaim claim = chart.get(PersistentVolumeClaim.class, COORDINATOR + "-history");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("gp3");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("5Gi"));
        PodSpec pod = chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec();
        assertThat(volume(pod, "history").getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
        assertThat(chart.all(NetworkPolicy.class)).isEmpty();

        GenericKubernetesResource monitor = chart.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(chart.get(Service.class, WORKER + "-metrics").getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void monitoringRendersAPodMonitorAndTheDashboardForTheGrafanaSidecar() throws java.io.IOException {
        RenderedChart chart = CHART.render("""
            coordinator: {webBasePath: /stampede}
            monitoring:
              podMonitor: {enabled: true, interval: 5s, labels: {release: prometheus}}
              dashboard: {enabled: true, annotations: {grafana_folder: Load tests}}
            """);
        GenericKubernetesResource podMonitor = chart.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("PodMonitor")).findFirst().orElseThrow();
        assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(podMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) ((Map<String, Object>)
            podMonitor.getAdditionalProperties().get("spec")).get("podMetricsEndpoints");
        assertThat(endpoints).extracting(e -> e.get("port") + " " + e.get("path") + " " + e.get("interval"))
            .containsExactly("http /stampede/actuator/prometheus 5s", "metrics /actuator/prometheus 5s");
        assertThat(endpoints.get(0)).containsKey("basicAuth");
        // The job label tells the dashboard coordinator and workers apart.
        assertThat(endpoints).extracting(e -> e.get("relabelings").toString())
            .containsExactly("[{targetLabel=job, replacement=" + COORDINATOR + "}]", "[{targetLabel=job, replacement=" + WORKER + "}]");
        // A PodMonitor needs no Service for the workers; the ServiceMonitor's stays off.
        assertThat(chart.find(Service.class, WORKER + "-metrics")).isEmpty();
        assertThat(chart.all(GenericKubernetesResource.class)).noneMatch(o -> o.getKind().equals("ServiceMonitor"));

        ConfigMap dashboard = chart.get(ConfigMap.class, "lt-stampede-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("load");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Load tests");
        String shipped = java.nio.file.Files.readString(CHART.chartDir().resolve("dashboards/stampede.json")).strip();
        assertThat(dashboard.getData().get("stampede.json")).isEqualTo(shipped);
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(shipped).get("uid").asString())
            .isEqualTo("stampede-overview");

        ConfigMap elsewhere = CHART.render("""
            monitoring: {dashboard: {enabled: true, namespace: monitoring, labels: {grafana_dashboard: null, dashboards: stampede}}}
            """).get(ConfigMap.class, "lt-stampede-dashboard");
        assertThat(elsewhere.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(elsewhere.getMetadata().getLabels()).containsEntry("dashboards", "stampede")
            .doesNotContainKey("grafana_dashboard");

        RenderedChart defaults = CHART.render("");
        assertThat(defaults.find(ConfigMap.class, "lt-stampede-dashboard")).isEmpty();
        assertThat(defaults.all(GenericKubernetesResource.class)).noneMatch(o -> o.getKind().equals("PodMonitor"));
        assertThatThrownBy(() -> CHART.render("monitoring: {podMonitor: {interval: often}}")).hasMessageContaining("interval");
        assertThatThrownBy(() -> CHART.render("monitoring: {dashbord: {enabled: true}}")).hasMessageContaining("dashbord");
    }

    @Test
    void schemaRejectsUnknownAndMistypedValues() {
        assertThatThrownBy(() -> CHART.render("worker: {replicaz: 3}")).hasMessageContaining("replicaz");
        assertThatThrownBy(() -> CHART.render("worker: {hpa: {maxReplicas: many}}")).hasMessageContaining("maxReplicas");
        assertThatThrownBy(() -> CHART.render("ingress: {scheme: public}")).hasMessageContaining("scheme");
    }

    @Test
    void everyValuesKeyIsCommented() throws java.io.IOException {
        for (String chart : List.of("stampede", "sample-workload")) {
            assertThat(uncommentedKeys(CHART.chartDir().resolveSibling(chart).resolve("values.yaml")))
                .as("keys of charts/%s/values.yaml without a comment line above", chart).isEmpty();
        }
    }

    /** Keys not preceded by a comment, except inside Kubernetes objects documented as a whole. */
    static List<String> uncommentedKeys(java.nio.file.Path values) throws java.io.IOException {
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*");
        List<String> objectValues = List.of("resources", "podSecurityContext", "securityContext");
        List<String> missing = new java.util.ArrayList<>();
        java.util.Deque<Map.Entry<Integer, String>> path = new java.util.ArrayDeque<>();
        String previous = "";
        for (String line : java.nio.file.Files.readAllLines(values)) {
            var m = key.matcher(line);
            if (m.matches()) {
                int indent = m.group(1).length();
                while (!path.isEmpty() && path.peekLast().getKey() >= indent) {
                    path.removeLast();
                }
                boolean insideObject = path.stream().anyMatch(e -> objectValues.contains(e.getValue()));
                if (!insideObject && !previous.strip().startsWith("#")) {
                    missing.add(line.strip());
                }
                path.addLast(Map.entry(indent, m.group(2)));
            }
            previous = line;
        }
        return missing;
    }

    // ---------------------------------------------------------------------------------------

    static void assertHardened(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (Container container : pod.getContainers()) {
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
            assertThat(container.getResources().getRequests()).as(container.getName()).containsKey("cpu");
            assertThat(container.getVolumeMounts()).as("writable /tmp on a read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        }
    }

    static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    static void assertSecretRef(Container container, String envName, String secret, String key) {
        var ref = env(container, envName).getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo(secret);
        assertThat(ref.getKey()).isEqualTo(key);
    }

    static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
