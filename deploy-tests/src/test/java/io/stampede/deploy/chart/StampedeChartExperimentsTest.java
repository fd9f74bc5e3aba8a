package io.stampede.deploy.chart;

import static io.stampede.deploy.chart.StampedeChartTest.container;
import static io.stampede.deploy.chart.StampedeChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** charts/stampede's `experiments` values: results location, S3 client, the coordinator's ServiceAccount (IRSA), topology RBAC. */
class StampedeChartExperimentsTest {

    private static final ChartRenderer CHART = new ChartRenderer("stampede", "lt", "load");
    private static final String COORDINATOR = "lt-stampede-coordinator";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/stampede-results";

    private static PodSpec coordinatorPod(RenderedChart chart) {
        return chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> env(RenderedChart chart) {
        Container coordinator = container(coordinatorPod(chart), "coordinator");
        return coordinator.getEnv().stream().filter(e -> e.getValue() != null)
            .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void offByDefaultNothingOfExperimentsIsRendered() {
        RenderedChart chart = CHART.render("");
        assertThat(env(chart)).doesNotContainKeys("STAMPEDE_EXPERIMENTS_RESULTS", "STAMPEDE_RESULTS_FALLBACK", "STAMPEDE_S3_ENDPOINT",
            "STAMPEDE_EXPERIMENTS_TOPOLOGY");
        assertThat(coordinatorPod(chart).getServiceAccountName()).isEqualTo("default");
        assertThat(coordinatorPod(chart).getAutomountServiceAccountToken()).isFalse();
        assertThat(chart.all(ServiceAccount.class)).isEmpty();
        assertThat(chart.all(Role.class)).isEmpty();
    }

    @Test
    void s3ResultsWithIrsaGiveTheCoordinatorAloneItsOwnAnnotatedServiceAccount() {
        RenderedChart chart = CHART.render("""
            experiments:
              enabled: true
              prometheusUrl: http://prometheus-operated.monitoring.svc:9090
              results: s3://load-results/team-a
              s3: {region: eu-west-1}
              serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "%s"}}
            """.formatted(ROLE_ARN));

        ServiceAccount account = chart.get(ServiceAccount.class, "lt-stampede-coordinator");
        assertThat(account.getMetadata().getAnnotations()).containsExactlyEntriesOf(Map.of("eks.amazonaws.com/role-arn", ROLE_ARN));
        assertThat(account.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "coordinator");
        PodSpec pod = coordinatorPod(chart);
        assertThat(pod.getServiceAccountName()).isEqualTo("lt-stampede-coordinator");
        // No Kubernetes API rights asked for: no API token (IRSA's webhook mounts its own token).
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(chart.get(Deployment.class, "lt-stampede-worker").getSpec().getTemplate().getSpec().getServiceAccountName())
            .as("workers do not get the results role").isEqualTo("default");
        assertThat(env(chart)).containsAllEntriesOf(Map.of(
            "STAMPEDE_EXPERIMENTS_RESULTS", "s3://load-results/team-a",
            "STAMPEDE_EXPERIMENTS_PROMETHEUSURL", "http://prometheus-operated.monitoring.svc:9090",
            "STAMPEDE_RESULTS_FALLBACK", "/var/lib/stampede/experiments/results-unsent",
            "STAMPEDE_S3_REGION", "eu-west-1"));
        assertThat(env(chart)).doesNotContainKeys("STAMPEDE_S3_ENDPOINT", "STAMPEDE_S3_PATH_STYLE");
        Container coordinator = container(pod, "coordinator");
        assertThat(coordinator.getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
            .contains("experiments=/var/lib/stampede/experiments");
        assertThat(StampedeChartTest.volume(pod, "experiments").getEmptyDir()).isNotNull();
        assertThat(chart.all(Role.class)).isEmpty();
    }

    @Test
    void anS3CompatibleServerGetsEndpointAndPathStyleAndADirectoryIsTheDefaultLocation() {
        RenderedChart minio = CHART.render("""
            experiments: {enabled: true, results: s3://results, s3: {endpoint: "http://minio.minio.svc:9000", pathStyle: false}}
            """);
        assertThat(env(minio)).containsEntry("STAMPEDE_S3_ENDPOINT", "http://minio.minio.svc:9000")
            .containsEntry("STAMPEDE_S3_PATH_STYLE", "false");

        RenderedChart local = CHART.render("experiments: {enabled: true, localPath: /data/experiments}");
        assertThat(env(local)).containsEntry("STAMPEDE_EXPERIMENTS_RESULTS", "/data/experiments/results")
            .containsEntry("STAMPEDE_RESULTS_FALLBACK", "/data/experiments/results-unsent")
            .doesNotContainKeys("STAMPEDE_EXPERIMENTS_PROMETHEUSURL", "STAMPEDE_S3_PATH_STYLE");
    }

    @Test
    void topologyRightsAreDeploymentsAndServicesInTheTopologyNamespaceOnly() {
        RenderedChart chart = CHART.render("""
            experiments: {enabled: true, topology: {enabled: true, namespace: suite-topology, createNamespace: true}}
            """);

        Role role = chart.get(Role.class, "lt-stampede-experiments-topology");
        assertThat(role.getMetadata().getNamespace()).isEqualTo("suite-topology");
        assertThat(role.getRules()).extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
            .containsExactly(
                "[apps] [deployments] [create, get, list, watch, delete, deletecollection]",
                "[] [services] [create, get, list, delete, deletecollection]");
        RoleBinding binding = chart.get(RoleBinding.class, "lt-stampede-experiments-topology");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("suite-topology");
        assertThat(binding.getRoleRef().getName()).isEqualTo("lt-stampede-experiments-topology");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("lt-stampede-coordinator");
            assertThat(s.getNamespace()).isEqualTo("load");
        });
        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(Namespace.class)).extracting(n -> n.getMetadata().getName()).containsExactly("suite-topology");
        assertThat(coordinatorPod(chart).getAutomountServiceAccountToken()).as("the topology talks to the API").isTrue();
        assertThat(chart.get(Deployment.class, "lt-stampede-worker").getSpec().getTemplate().getSpec()
            .getAutomountServiceAccountToken()).isFalse();

        RenderedChart releaseNamespace = CHART.render("experiments: {enabled: true, topology: {enabled: true, createNamespace: true}}");
        assertThat(releaseNamespace.get(Role.class, "lt-stampede-experiments-topology").getMetadata().getNamespace()).isEqualTo("load");
        assertThat(releaseNamespace.all(Namespace.class)).as("the release namespace is not the chart's to create").isEmpty();

        assertThat(CHART.render("experiments: {enabled: false, topology: {enabled: true}}").all(Role.class)).isEmpty();
    }

    @Test
    void withTheTopologyUiSuitesDeployTheirBackendsMapInTheTopologyNamespace() {
        RenderedChart chart = CHART.render("""
            experiments:
              enabled: true
              topology: {enabled: true, namespace: suite-topology, sampleWorkloadImage: "registry.example.com/sw:1.0", readyTimeout: 600s}
            """);
        assertThat(env(chart)).containsAllEntriesOf(Map.of(
            "STAMPEDE_EXPERIMENTS_TOPOLOGY", "kubernetes",
            "STAMPEDE_EXPERIMENTS_TOPOLOGYNAMESPACE", "suite-topology",
            "STAMPEDE_EXPERIMENTS_TOPOLOGYSAMPLEWORKLOAD", "registry.example.com/sw:1.0",
            "STAMPEDE_EXPERIMENTS_TOPOLOGYTIMEOUT", "600s"));
        assertThat(chart.get(Role.class, "lt-stampede-experiments-topology").getMetadata().getNamespace())
            .isEqualTo(env(chart).get("STAMPEDE_EXPERIMENTS_TOPOLOGYNAMESPACE"));

        Map<String, String> defaults = env(CHART.render("experiments: {enabled: true, topology: {enabled: true}}"));
        assertThat(defaults).containsEntry("STAMPEDE_EXPERIMENTS_TOPOLOGY", "kubernetes")
            .containsEntry("STAMPEDE_EXPERIMENTS_TOPOLOGYNAMESPACE", "load")
            .doesNotContainKeys("STAMPEDE_EXPERIMENTS_TOPOLOGYSAMPLEWORKLOAD", "STAMPEDE_EXPERIMENTS_TOPOLOGYTIMEOUT");
        assertThat(env(CHART.render("experiments: {enabled: true}"))).doesNotContainKey("STAMPEDE_EXPERIMENTS_TOPOLOGY");
    }

    @Test
    void withK8sStepsTheCoordinatorsOwnAccountKeepsTheStepsRights() {
        RenderedChart chart = CHART.render("loadtest: {k8sSteps: {enabled: true}}\nexperiments: {enabled: true}");
        assertThat(chart.get(RoleBinding.class, "lt-stampede-k8s-steps").getSubjects())
            .extracting(s -> s.getName()).containsExactly("lt-stampede", "lt-stampede-coordinator");
        assertThat(coordinatorPod(chart).getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void notesSayWhereResultsGoAndWhatTheTopologyMayDo() {
        String notes = CHART.installNotes("""
            experiments:
              enabled: true
              results: s3://load-results/team-a
              serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "%s"}}
              topology: {enabled: true, namespace: suite-topology}
            """.formatted(ROLE_ARN));
        assertThat(notes)
            .contains("Experiments (docs/experiments-results.md): results in s3://load-results/team-a")
            .contains("S3 on AWS; credentials from the default chain (IRSA role " + ROLE_ARN + ")")
            .contains("stay in /var/lib/stampede/experiments/results-unsent")
            .contains("Prometheus: none set (suites with metrics are refused)")
            .contains("--topology kubernetes --namespace suite-topology")
            .contains("Suites with a backends_map started from the UI deploy it there and delete it after the suite")
            .contains("Deployments and Services in namespace suite-topology only");
        assertThat(CHART.installNotes("")).doesNotContain("Experiments");
        assertThat(CHART.installNotes("experiments: {enabled: true}"))
            .contains("results in /var/lib/stampede/experiments/results (an emptyDir: lost with the pod");
    }

    @Test
    void theSchemaRefusesMalformedExperimentsValues() {
        for (String values : new String[] {
            "experiments: {results: relative/dir}",
            "experiments: {results: \"s3://Bad_Bucket/x\"}",
            "experiments: {prometheusUrl: prometheus:9090}",
            "experiments: {s3: {endpoint: minio:9000}}",
            "experiments: {s3: {pathStyle: sometimes}}",
            "experiments: {topology: {namespace: Not_A_Namespace}}",
            "experiments: {topology: {readyTimeout: 5 minutes}}",
            "experiments: {topology: {sampleWorkloadImage: \"two words\"}}",
            "experiments: {unknown: true}"}) {
            assertThatThrownBy(() -> CHART.render(values)).as(values).hasMessageContaining("experiments");
        }
    }
}
