package io.stampede.deploy.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.stampede.deploy.chart.StampedeChartTest.container;
import static io.stampede.deploy.chart.StampedeChartTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * charts/stampede with the values of the deliveryhero {@code locust} chart, as the two install
 * commands of its users set them (issue 16): every key either means the same or fails the
 * install naming the Stampede key (docs/migrating-from-locust.md).
 */
class LocustChartValuesTest {

    private static final ChartRenderer CHART = new ChartRenderer("stampede", "eks-loadtest-locust", "load");
    private static final String COORDINATOR = "eks-loadtest-locust-stampede-coordinator";
    private static final String WORKER = "eks-loadtest-locust-stampede-worker";

    /** The CoreDNS install command, exactly as its users type it today (with deliveryhero/locust). */
    static final String COREDNS_COMMAND = """
        helm upgrade --install eks-loadtest-locust deliveryhero/locust \\
            --set loadtest.name=eks-loadtest \\
            --set loadtest.locust_locustfile_configmap=eks-loadtest-locustfile \\
            --set loadtest.locust_locustfile=core-dns-test.py \\
            --set worker.hpa.enabled=true --set worker.hpa.minReplicas=2 \\
            --set "loadtest.pip_packages[0]=kubernetes"
        """;

    /** The website install command. */
    static final String WEBSITE_COMMAND = """
        helm upgrade --install eks-loadtest-locust deliveryhero/locust \\
            --set loadtest.name=eks-loadtest \\
            --set loadtest.locust_locustfile_configmap=eks-loadtest-locustfile \\
            --set loadtest.locust_locustfile=locustfile.py \\
            --set worker.hpa.enabled=true --set worker.hpa.minReplicas=5
        """;

    @Test
    void theExactCommandsFailOnlyOnThePythonLocustfileNamingTheYamlToUse() {
        assertThatThrownBy(() -> CHART.renderSets(COREDNS_COMMAND))
            .hasMessageContaining("loadtest.locust_locustfile=core-dns-test.py is a Python locustfile")
            .hasMessageContaining("docs/migrating-from-locust.md")
            .hasMessageContaining("kubectl create configmap eks-loadtest-locustfile --from-file=core-dns-test.yaml=")
            .hasMessageContaining("set loadtest.locust_locustfile=core-dns-test.yaml");
        assertThatThrownBy(() -> CHART.renderSets(WEBSITE_COMMAND))
            .hasMessageContaining("loadtest.locust_locustfile=locustfile.py is a Python locustfile")
            .hasMessageContaining("set loadtest.locust_locustfile=locustfile.yaml");
    }

    /** The commands with the locustfile's scenario (YAML) in the ConfigMap: nothing else changes. */
    @Test
    void theCoreDnsCommandWithItsScenarioMountsTheConfigMapAndScalesOnCpuFromTwo() {
        String command = COREDNS_COMMAND.replace("core-dns-test.py", "core-dns-test.yaml");
        RenderedChart chart = CHART.renderSets(command);

        HorizontalPodAutoscaler hpa = chart.get(HorizontalPodAutoscaler.class, WORKER);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(chart.get(Deployment.class, WORKER).getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
        assertThat(chart.get(Deployment.class, WORKER).getMetadata().getLabels())
            .containsEntry("stampede.io/loadtest", "eks-loadtest");

        PodSpec pod = chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec();
        assertThat(volume(pod, "scenario").getConfigMap().getName()).isEqualTo("eks-loadtest-locustfile");
        Container coordinator = container(pod, "coordinator");
        assertThat(coordinator.getArgs()).containsSequence("-f", "/etc/stampede/scenario/core-dns-test.yaml")
            .as("the CoreDNS scenario has no http step: no host needed").doesNotContain("-H");
        assertThat(coordinator.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("scenario");
            assertThat(m.getMountPath()).isEqualTo("/etc/stampede/scenario");
        });
        assertThat(chart.summary()).as("pip_packages is ignored").doesNotContain("pip", "kubernetes");
        assertThat(CHART.installNotesSets(command))
            .contains("loadtest.pip_packages (kubernetes) is ignored: Stampede runs no Python");
    }

    @Test
    void theWebsiteCommandWithItsScenarioScalesFromFive() {
        RenderedChart chart = CHART.renderSets(
            WEBSITE_COMMAND.replace("locustfile.py", "locustfile.yaml") + " --set loadtest.locust_host=https://www.example.com");
        assertThat(chart.get(HorizontalPodAutoscaler.class, WORKER).getSpec().getMinReplicas()).isEqualTo(5);
        Container coordinator = container(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator");
        assertThat(coordinator.getArgs())
            .containsSequence("-f", "/etc/stampede/scenario/locustfile.yaml")
            .containsSequence("-H", "https://www.example.com");
        assertThat(CHART.installNotesSets(WEBSITE_COMMAND.replace("locustfile.py", "locustfile.yaml")))
            .doesNotContain("pip_packages");
    }

    @Test
    void theirOtherCommonKeysMeanTheSame() {
        RenderedChart chart = CHART.render("""
            loadtest:
              headless: true
              locust_host: http://web.shop.svc
              environment: {TARGET_ENV: staging}
            worker:
              replicas: 7
              hpa: {maxReplicas: 50, targetCPUUtilizationPercentage: 40}
            """);
        Deployment workers = chart.get(Deployment.class, WORKER);
        assertThat(workers.getSpec().getReplicas()).isEqualTo(7);
        assertThat(chart.all(HorizontalPodAutoscaler.class)).as("hpa.enabled stays false").isEmpty();
        Container coordinator = container(chart.get(Deployment.class, COORDINATOR).getSpec().getTemplate().getSpec(), "coordinator");
        assertThat(coordinator.getArgs()).contains("--headless").containsSequence("-H", "http://web.shop.svc");
        assertThat(StampedeChartTest.env(coordinator, "TARGET_ENV").getValue()).isEqualTo("staging");
        assertThat(StampedeChartTest.env(container(workers.getSpec().getTemplate().getSpec(), "worker"), "TARGET_ENV")
            .getValue()).isEqualTo("staging");

        HorizontalPodAutoscaler hpa = CHART.render("worker: {hpa: {enabled: true, maxReplicas: 50, targetCPUUtilizationPercentage: 40}}")
            .get(HorizontalPodAutoscaler.class, WORKER);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(50);
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization()).isEqualTo(40);
    }

    @Test
    void bothNamesOfOneValueMustAgree() {
        assertThatThrownBy(() -> CHART.render("loadtest: {host: http://a, locust_host: http://b}"))
            .hasMessageContaining("set only loadtest.host");
        assertThatThrownBy(() -> CHART.render("loadtest: {scenarioConfigMap: a, locust_locustfile_configmap: b}"))
            .hasMessageContaining("set only loadtest.scenarioConfigMap");
        assertThatThrownBy(() -> CHART.render("loadtest: {scenarioConfigMap: c, scenarioKey: a.yaml, locust_locustfile: b.yaml}"))
            .hasMessageContaining("set only loadtest.scenarioKey");
        assertThat(CHART.render("loadtest: {host: http://a, locust_host: http://a}").objects()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        master.resources.requests.cpu=2             | master.resources: use coordinator.resources
        master.environment.FOO=bar                  | master.environment: use coordinator.environment
        master.args[0]=--autostart                  | master.args: use loadtest.extraArgs
        master.auth.enabled=true                    | master.auth: use webAuth
        master.nodeSelector.role=load               | master.nodeSelector: use coordinator.nodeSelector
        master.replicas=1                           | master.replicas: use none: there is exactly one coordinator
        master.somethingNew=1                       | master.somethingNew: use coordinator.somethingNew (the Locust master is Stampede's coordinator)
        image.repository=locustio/locust            | image.repository: use coordinator.image.repository and worker.image.repository
        service.type=LoadBalancer                   | service.type: use coordinator.service.type
        service.port=80                             | service.port: use coordinator.service.port
        service.nodePort=30089                      | service.nodePort: use coordinator.service.nodePort
        service.loadBalancerIP=10.0.0.1             | service.loadBalancerIP: use coordinator.service.loadBalancerIP
        worker.pdb.enabled=true                     | worker.pdb: use worker.podDisruptionBudget.enabled
        worker.serviceAccountAnnotations.a=b        | worker.serviceAccountAnnotations: use serviceAccount.annotations
        worker.logLevel=DEBUG                       | worker.logLevel: use worker.environment (LOGGING_LEVEL_IO_STAMPEDE: DEBUG)
        worker.command[0]=sh                        | worker.command: use worker.args
        loadtest.locust_lib_configmap=example-lib   | loadtest.locust_lib_configmap: use none: Stampede runs no Python helper modules
        loadtest.pip_requirementsfile_configmap=req | loadtest.pip_requirementsfile_configmap: use none: Stampede runs no Python
        loadtest.tags=smoke                         | loadtest.tags: use none: Stampede has no task tags
        loadtest.locust_locustfile_path=/mnt/locust | loadtest.locust_locustfile_path: use none: the scenario ConfigMap is mounted at /etc/stampede/scenario
        ingress.hosts[0].host=load.example.com      | ingress.hosts: use ingress.host
        nodeSelector.role=load                      | nodeSelector: use coordinator.nodeSelector and worker.nodeSelector
        """)
    void theirRenamedOrMeaninglessKeysFailNamingTheStampedeKey(String set, String message) {
        assertThatThrownBy(() -> CHART.renderSets("--set " + set))
            .hasMessageContaining("values of the deliveryhero locust chart that Stampede names differently")
            .hasMessageContaining(message);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> CHART.render("master: {resources: {}, args: []}\nservice: {type: NodePort}"))
            .hasMessageContaining("master.args: use loadtest.extraArgs")
            .hasMessageContaining("master.resources: use coordinator.resources")
            .hasMessageContaining("service.type: use coordinator.service.type");
    }
}
