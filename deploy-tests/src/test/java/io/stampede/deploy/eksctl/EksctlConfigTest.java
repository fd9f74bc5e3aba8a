package io.stampede.deploy.eksctl;

import io.stampede.deploy.ProjectPaths;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eksctl ClusterConfigs, rendered by eksctl/cluster-config.sh exactly as the README pipes
 * them into `eksctl create cluster -f -`, then checked field by field.
 */
class EksctlConfigTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void loadClusterHasAddonAndLoadNodeGroupsOidcAndAddonPolicies() throws Exception {
        JsonNode config = render("load", Map.of("AWS_REGION", "us-east-2", "CLUSTER_NAME", "perf-load"));
        assertClusterBasics(config, "perf-load", "us-east-2");

        JsonNode addons = nodeGroup(config, "addons");
        assertThat(addons.at("/labels/role").asString()).isEqualTo("addons");
        assertThat(addonPolicies(addons)).contains("autoScaler", "albIngress", "cloudWatch");

        JsonNode coordinator = nodeGroup(config, "coordinator");
        assertThat(coordinator.at("/labels/locustRole").asString()).isEqualTo("coordinator");
        assertThat(coordinator.get("maxSize").asInt()).isEqualTo(1);

        JsonNode workers = nodeGroup(config, "workers");
        assertThat(workers.at("/labels/locustRole").asString()).isEqualTo("worker");
        assertThat(workers.get("instanceType").asString()).isEqualTo("c5.2xlarge");
        assertThat(workers.get("maxSize").asInt()).isEqualTo(20);
        assertThat(workers.get("minSize").asInt()).isLessThanOrEqualTo(workers.get("desiredCapacity").asInt());
        assertThat(workers.get("propagateASGTags").asBoolean()).isTrue();
        assertThat(addonPolicies(workers)).contains("autoScaler");
    }

    @Test
    void workloadClusterScalesTheSampleApp() throws Exception {
        JsonNode config = render("workload", Map.of("AWS_REGION", "eu-central-1", "WORKLOAD_MAX_NODES", "12"));
        assertClusterBasics(config, "stampede-workload", "eu-central-1");
        assertThat(addonPolicies(nodeGroup(config, "addons"))).contains("autoScaler", "albIngress", "cloudWatch");
        JsonNode workload = nodeGroup(config, "workload");
        assertThat(workload.at("/labels/role").asString()).isEqualTo("workload");
        assertThat(workload.get("maxSize").asInt()).isEqualTo(12);
        assertThat(workload.get("minSize").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unknownClusterKindIsRejected() throws Exception {
        Process process = new ProcessBuilder("bash", script(), "staging").redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("usage");
    }

    private static void assertClusterBasics(JsonNode config, String name, String region) {
        assertThat(config.get("apiVersion").asString()).isEqualTo("eksctl.io/v1alpha5");
        assertThat(config.get("kind").asString()).isEqualTo("ClusterConfig");
        assertThat(config.at("/metadata/name").asString()).isEqualTo(name);
        assertThat(config.at("/metadata/region").asString()).isEqualTo(region);
        assertThat(config.at("/metadata/version").asString()).matches("1\\.\\d+");
        assertThat(config.at("/iam/withOIDC").asBoolean()).isTrue();
        // IRSA service accounts the add-ons script installs into
        assertThat(stream(config.at("/iam/serviceAccounts")).map(sa -> sa.at("/metadata/name").asString() + "="
                + String.join(",", fieldNames(sa.get("wellKnownPolicies")))))
            .containsExactlyInAnyOrder("cluster-autoscaler=autoScaler",
                "aws-load-balancer-controller=awsLoadBalancerController");
        assertThat(stream(config.get("managedNodeGroups"))).allSatisfy(group ->
            assertThat(group.get("maxSize").asInt()).isGreaterThanOrEqualTo(group.get("desiredCapacity").asInt()));
        assertThat(config.toString()).doesNotContain("${");
    }

    private static JsonNode nodeGroup(JsonNode config, String name) {
        return stream(config.get("managedNodeGroups")).filter(g -> name.equals(g.get("name").asString())).findFirst()
            .orElseThrow(() -> new AssertionError("no managed node group " + name));
    }

    private static List<String> addonPolicies(JsonNode group) {
        JsonNode policies = group.at("/iam/withAddonPolicies");
        return fieldNames(policies).stream().filter(p -> policies.get(p).asBoolean()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return node == null ? List.of() : List.copyOf(node.propertyNames());
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonNode render(String kind, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script(), kind);
        builder.environment().remove("AWS_REGION");
        builder.environment().remove("AWS_DEFAULT_REGION");
        builder.environment().remove("CLUSTER_NAME");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return YAML.readTree(out);
    }

    private static String script() {
        return ProjectPaths.root().resolve("eksctl/cluster-config.sh").toString();
    }
}
