package io.stampede.deploy.chart;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import static io.stampede.deploy.chart.StampedeChartTest.assertHardened;
import static io.stampede.deploy.chart.StampedeChartTest.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** charts/sample-workload: the seed's HPA (3-200 replicas at 10 % CPU) and its own ALB. */
class SampleWorkloadChartTest {

    private static final ChartRenderer CHART = new ChartRenderer("sample-workload", "sample-workload", "workload");

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = CHART.lint();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultsScaleOnCpuLikeTheSeed() {
        RenderedChart chart = CHART.render("");
        assertThat(chart.kinds()).containsExactlyInAnyOrder("Service", "Deployment", "HorizontalPodAutoscaler");

        HorizontalPodAutoscaler hpa = chart.get(HorizontalPodAutoscaler.class, "sample-workload");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(200);
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization()).isEqualTo(10);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("sample-workload");

        Deployment deployment = chart.get(Deployment.class, "sample-workload");
        assertThat(deployment.getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
        assertHardened(deployment.getSpec().getTemplate().getSpec());
        Container app = container(deployment.getSpec().getTemplate().getSpec(), "app");
        assertThat(app.getImage()).isEqualTo("localhost/stampede/sample-workload:0.1.0-SNAPSHOT");
        assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
        assertThat(app.getPorts().getFirst().getContainerPort()).isEqualTo(8080);

        Service service = chart.get(Service.class, "sample-workload");
        assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(80);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void fixedReplicasWithoutHpaAndAnAlbWithTls() {
        RenderedChart chart = CHART.render("""
            hpa: {enabled: false}
            replicas: 5
            image: {registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com, tag: "1.2.3"}
            ingress:
              enabled: true
              certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/def
            env: [{name: BACKENDS, value: "http://a,http://b"}]
            """);
        assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
        Deployment deployment = chart.get(Deployment.class, "sample-workload");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(5);
        Container app = container(deployment.getSpec().getTemplate().getSpec(), "app");
        assertThat(app.getImage()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/stampede/sample-workload:1.2.3");
        assertThat(app.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("BACKENDS"));

        Ingress ingress = chart.get(Ingress.class, "sample-workload");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        assertThat(ingress.getMetadata().getAnnotations())
            .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
            .containsEntry("alb.ingress.kubernetes.io/target-type", "ip")
            .containsEntry("alb.ingress.kubernetes.io/healthcheck-path", "/ready")
            .containsEntry("alb.ingress.kubernetes.io/certificate-arn", "arn:aws:acm:eu-west-1:123456789012:certificate/def")
            .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443");
        assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName())
            .isEqualTo("sample-workload");
    }

    @Test
    void schemaRejectsBadValues() {
        assertThatThrownBy(() -> CHART.render("hpa: {maxReplicas: lots}")).hasMessageContaining("maxReplicas");
        assertThatThrownBy(() -> CHART.render("replica: 3")).hasMessageContaining("replica");
        assertThatThrownBy(() -> CHART.render("resources: {requests: {cpu: null}}")).hasMessageContaining("cpu");
    }
}
