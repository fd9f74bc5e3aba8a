package io.stampede.coordinator.experiment.topology;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackendsMap} as sample-workload Deployments and Services in one namespace (created
 * if missing, and then deleted with the rest): node {@code n} becomes Deployment and Service
 * {@code sw-<suite>-<n>}, its {@code BACKENDS} the {@code /mesh} URLs of the Services of the
 * nodes it calls. Every object carries {@code app.kubernetes.io/managed-by: stampede} and
 * {@code stampede.io/suite: <suite>}, so {@link #close()} — or, after a crash, {@link #sweep}
 * on the next start — finds and deletes exactly what a suite created; a JVM shutdown hook
 * closes it on Ctrl-C or SIGTERM. The pods run as the sample-workload chart runs them:
 * non-root (10001), read-only root file system, no capabilities, no service account token.
 */
public final class KubernetesTopology implements Topology {

    private static final Logger log = LoggerFactory.getLogger(KubernetesTopology.class);
    private static final long DELETE_TIMEOUT_SECONDS = 30;

    /**
     * @param image        the sample-workload image
     * @param containerPort the app's port in the container
     * @param servicePort  the Services' port (what {@code BACKENDS} and the entry URL use)
     * @param readyTimeout wait at most this long for every Deployment to be available before
     *                     {@link #deploy} returns; null: do not wait (an API server without
     *                     kubelets, as in the tests, never runs a pod)
     * @param extraLabels  more labels on every object (e.g. a team's cost label)
     */
    public record Options(String image, int containerPort, int servicePort, Duration readyTimeout,
                          Map<String, String> extraLabels) {

        public static final String DEFAULT_IMAGE = "localhost/stampede/sample-workload:latest";

        public Options {
            Objects.requireNonNull(image, "image");
            extraLabels = Map.copyOf(extraLabels);
            if (containerPort < 1 || containerPort > 65535 || servicePort < 1 || servicePort > 65535) {
                throw new IllegalArgumentException("port: must be between 1 and 65535");
            }
        }

        /** The default image on 8080, Services on port 80, waiting up to 5 minutes for the pods. */
        public static Options defaults() {
            return new Options(DEFAULT_IMAGE, 8080, 80, Duration.ofMinutes(5), Map.of());
        }

        public Options withImage(String newImage) {
            return new Options(newImage, containerPort, servicePort, readyTimeout, extraLabels);
        }

        public Options withReadyTimeout(Duration newReadyTimeout) {
            return new Options(image, containerPort, servicePort, newReadyTimeout, extraLabels);
        }
    }

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final String suiteId;
    private final Options options;
    private final Thread shutdownHook;
    private boolean createdNamespace;
    private boolean closed;

    /**
     * @param client    the client to use; closed by {@link #close()} when {@code ownsClient}
     * @param namespace where the objects go; created (labeled as this suite's) when missing
     * @param suiteId   the label value that marks this suite's objects (a DNS-1123 label part)
     */
    public KubernetesTopology(KubernetesClient client, boolean ownsClient, String namespace, String suiteId,
                              Options options) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.namespace = TopologyLabels.dnsPart(Objects.requireNonNull(namespace, "namespace"), 63);
        if (!this.namespace.equals(namespace)) {
            throw new IllegalArgumentException("namespace: '" + namespace + "' is not a valid Kubernetes namespace name");
        }
        this.suiteId = TopologyLabels.dnsPart(Objects.requireNonNull(suiteId, "suiteId"), 40);
        this.options = Objects.requireNonNull(options, "options");
        this.shutdownHook = new Thread(this::closeFromHook, "stampede-topology-" + this.suiteId);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public String suiteId() {
        return suiteId;
    }

    public String namespace() {
        return namespace;
    }

    /** The Deployment and Service name of {@code node}. */
    public String objectName(String node) {
        return "sw-" + suiteId + "-" + TopologyLabels.dnsPart(node, 63 - 4 - suiteId.length());
    }

    @Override
    public synchronized URI deploy(BackendsMap map) throws Exception {
        if (closed) {
            throw new IllegalStateException("topology " + suiteId + " is closed");
        }
        String entry = map.entryNode();
        ensureNamespace();
        for (String node : map.backends().keySet()) {
            String backends = map.backends().get(node).stream()
                    .map(callee -> "http://" + objectName(callee) + ":" + options.servicePort() + "/mesh")
                    .collect(Collectors.joining(","));
            client.apps().deployments().inNamespace(namespace).resource(deployment(node, backends)).create();
            client.services().inNamespace(namespace).resource(service(node)).create();
        }
        log.info("Topology {}: {} sample-workload node(s) in namespace {}", suiteId, map.backends().size(), namespace);
        if (options.readyTimeout() != null) {
            awaitAvailable(map, options.readyTimeout());
        }
        return URI.create("http://" + objectName(entry) + "." + namespace + ".svc:" + options.servicePort());
    }

    private void awaitAvailable(BackendsMap map, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String node : map.backends().keySet()) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                client.apps().deployments().inNamespace(namespace).withName(objectName(node)).waitUntilCondition(
                        d -> d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                                && d.getStatus().getAvailableReplicas() >= 1, left, TimeUnit.MILLISECONDS);
            } catch (KubernetesClientException e) {
                throw new IllegalStateException("node " + node + " (Deployment " + namespace + "/" + objectName(node)
                        + ") not available within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
            }
        }
    }

    private void ensureNamespace() {
        try {
            if (client.namespaces().withName(namespace).get() != null) {
                return;
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // A namespaced Role cannot read Namespaces (cluster-scoped): the namespace is then
                // the one the Role is in, so it exists; creating objects in it says so soon enough.
                log.info("Topology {}: no permission to read namespace {}; deploying into it as it is", suiteId, namespace);
                return;
            }
            throw e;
        }
        Namespace created = new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(labels(null))
                .endMetadata().build();
        try {
            client.namespaces().resource(created).create();
            createdNamespace = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // created meanwhile by someone else: theirs, not ours to delete
                throw e;
            }
        }
    }

    /** The common labels; with {@code node} also the node's own (its pods' selector). */
    private Map<String, String> labels(String node) {
        Map<String, String> labels = new LinkedHashMap<>(options.extraLabels());
        labels.put(TopologyLabels.MANAGED_BY, TopologyLabels.MANAGED_BY_VALUE);
        labels.put(TopologyLabels.SUITE, suiteId);
        if (node != null) {
            labels.put(TopologyLabels.NAME, TopologyLabels.NAME_VALUE);
            labels.put(TopologyLabels.INSTANCE, objectName(node));
            labels.put(TopologyLabels.NODE, TopologyLabels.dnsPart(node, 63));
        }
        return labels;
    }

    private Map<String, String> selector(String node) {
        return Map.of(TopologyLabels.SUITE, suiteId, TopologyLabels.INSTANCE, objectName(node));
    }

    private Deployment deployment(String node, String backends) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(objectName(node)).withNamespace(namespace).withLabels(labels(node)).endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(selector(node)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels(node)).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L).withFsGroup(10001L)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .addNewContainer()
                                .withName("app")
                                .withImage(options.image())
                                .withEnv(new EnvVar("BACKENDS", backends, null))
                                .addNewPort().withName("http").withContainerPort(options.containerPort()).endPort()
                                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http"))
                                    .endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                                .withNewLivenessProbe().withNewHttpGet().withPath("/live").withPort(new IntOrString("http"))
                                    .endHttpGet().withPeriodSeconds(10).withInitialDelaySeconds(30).endLivenessProbe()
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Service service(String node) {
        return new ServiceBuilder()
                .withNewMetadata().withName(objectName(node)).withNamespace(namespace).withLabels(labels(node)).endMetadata()
                .withNewSpec()
                    .withSelector(selector(node))
                    .addNewPort().withName("http").withPort(options.servicePort()).withTargetPort(new IntOrString("http"))
                        .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** Deletes this suite's Deployments and Services, and the namespace when this topology created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sweep(client, namespace, suiteId);
            if (createdNamespace) {
                client.namespaces().withName(namespace).delete();
            }
        } catch (KubernetesClientException e) {
            log.warn("Topology {}: cleanup in namespace {} failed ({}); the next start's sweep deletes the leftovers",
                    suiteId, namespace, e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what is closing us
            }
            if (ownsClient) {
                client.close();
            }
        }
    }

    /**
     * Deletes every Stampede-managed Deployment and Service of another suite in the namespace:
     * what a suite left when its coordinator crashed (no shutdown hook ran). For a namespace that
     * holds one suite at a time, as {@code experiment run --topology kubernetes} assumes.
     *
     * @return the names deleted ({@code Deployment/x}, {@code Service/x})
     */
    public synchronized List<String> sweepLeftovers() {
        List<String> deleted = sweep(client, namespace, null);
        if (!deleted.isEmpty()) {
            log.warn("Topology {}: deleted the leftovers of an earlier suite in namespace {}: {}", suiteId, namespace, deleted);
        }
        return deleted;
    }

    private void closeFromHook() {
        log.info("Shutting down: deleting topology {} in namespace {}", suiteId, namespace);
        close();
    }

    /**
     * Deletes Deployments and Services managed by Stampede in {@code namespace}: those of
     * {@code suiteId}, or of every suite when it is null (leftovers of a crashed coordinator, on
     * the next start). Returns the names deleted ({@code Deployment/x}, {@code Service/x}).
     */
    public static List<String> sweep(KubernetesClient client, String namespace, String suiteId) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(TopologyLabels.MANAGED_BY, TopologyLabels.MANAGED_BY_VALUE);
        if (suiteId != null) {
            selector.put(TopologyLabels.SUITE, suiteId);
        }
        List<String> deleted = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).withLabels(selector).list().getItems()) {
            deleted.add("Deployment/" + d.getMetadata().getName());
        }
        for (Service s : client.services().inNamespace(namespace).withLabels(selector).list().getItems()) {
            deleted.add("Service/" + s.getMetadata().getName());
        }
        if (!deleted.isEmpty()) {
            client.apps().deployments().inNamespace(namespace).withLabels(selector).withTimeout(DELETE_TIMEOUT_SECONDS, TimeUnit.SECONDS).delete();
            client.services().inNamespace(namespace).withLabels(selector).withTimeout(DELETE_TIMEOUT_SECONDS, TimeUnit.SECONDS).delete();
            log.info("Deleted {} in namespace {}", deleted, namespace);
        }
        return deleted;
    }
}
