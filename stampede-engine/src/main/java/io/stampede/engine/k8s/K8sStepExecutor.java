package io.stampede.engine.k8s;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.stampede.core.scenario.K8sStep;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.FailureLog;
import io.stampede.engine.step.StepCompiler;
import io.stampede.engine.step.StepExecutor;
import io.stampede.engine.step.UserContext;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

/**
 * Runs {@code k8s} steps with the fabric8 client, recorded in stats as (verb, name) where the
 * name defaults to the kind. Every object a run creates (namespaces included) carries
 * {@value #RUN_LABEL}{@code =<run-id>}; when the run finishes, everything this executor created
 * for it is deleted by that label, and the first time a run touches a kind in a namespace,
 * objects left there by other (crashed) runs are deleted too.
 *
 * <p>The client's calls block, so they run on virtual threads, never on the event loops. The
 * client is created on first use: an engine whose scenarios have no k8s step needs no cluster.
 */
public final class K8sStepExecutor implements StepExecutor<K8sStep> {

    public static final String RUN_LABEL = "stampede.io/run";

    private static final Logger LOG = LoggerFactory.getLogger(K8sStepExecutor.class);

    private final Supplier<KubernetesClient> clientFactory;
    private final Duration defaultTimeout;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    /** Used when no run id was given (an engine driven without a worker, e.g. in tests). */
    private final String fallbackRunId = "local-" + UUID.randomUUID().toString().substring(0, 8);
    /** Per run, where it created or may have created objects: what to clean when it finishes. */
    private final Map<String, Set<Target>> touched = new ConcurrentHashMap<>();
    private volatile KubernetesClient client;

    /** Where objects of one kind live: a namespace, or the cluster scope (namespace null). */
    record Target(Class<? extends HasMetadata> type, String apiVersion, String kind, String namespace) {
    }

    public K8sStepExecutor(Supplier<KubernetesClient> clientFactory, Duration defaultTimeout) {
        this.clientFactory = clientFactory;
        this.defaultTimeout = defaultTimeout;
    }

    /** The client from the pod's service account, or ~/.kube/config outside a cluster. */
    public static K8sStepExecutor fromEnvironment(Duration defaultTimeout) {
        return new K8sStepExecutor(() -> new KubernetesClientBuilder().build(), defaultTimeout);
    }

    @Override
    public Class<K8sStep> stepType() {
        return K8sStep.class;
    }

    @Override
    public ExecutableStep compile(K8sStep step, StepCompiler compiler) {
        Template namespace = compiler.template(step.namespace());
        Template manifest = compiler.template(step.manifest());
        Template object = compiler.template(step.objectName());
        Template selector = compiler.template(step.labelSelector());
        if (step.verb() == K8sStep.Verb.CREATE && manifest == null) {
            throw new IllegalArgumentException("k8s create needs a manifest");
        }
        if (manifest == null && (step.kind() == null || step.apiVersion() == null)) {
            throw new IllegalArgumentException("k8s " + step.verb() + " needs a manifest or apiVersion and kind");
        }
        long timeoutMillis = Math.max(1, (step.timeout() != null ? step.timeout() : defaultTimeout).toMillis());
        String method = step.verb().name();
        String name = step.name() != null ? step.name() : step.kind() != null ? step.kind() : method;
        return (user, done) -> {
            Call call;
            try {
                call = new Call(step, runId(user), render(namespace, user), render(manifest, user), render(object, user),
                        render(selector, user), timeoutMillis);
            } catch (TemplateException e) {
                user.recorder().record(method, name, 0, 0, e.getMessage());
                done.complete(false);
                return;
            }
            long start = System.nanoTime();
            // wait has its own deadline inside the client; the margin lets it report first
            long limit = step.verb() == K8sStep.Verb.WAIT ? timeoutMillis + 1_000 : timeoutMillis;
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> execute(call), calls);
            user.track(() -> running.cancel(true));
            running.orTimeout(limit, TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
                user.track(null);
                long micros = (System.nanoTime() - start) / 1_000;
                if (user.cut()) {
                    done.complete(false);
                    return;
                }
                String error = failure == null ? null : describe(failure, timeoutMillis);
                user.recorder().record(method, name, micros, 0, error);
                if (error != null) {
                    FailureLog.warn("k8s " + method + " " + name + " failed: " + error, null);
                }
                done.complete(error == null);
            });
        };
    }

    private static String render(Template template, UserContext user) {
        return template == null ? null : template.render(user);
    }

    private String runId(UserContext user) {
        String id = user.runId();
        return id == null || id.isBlank() ? fallbackRunId : id;
    }

    /** One step execution with its templates rendered. */
    private record Call(K8sStep step, String runId, String namespace, String manifest, String object,
                        String selector, long timeoutMillis) {
    }

    private void execute(Call call) {
        KubernetesClient k = client();
        K8sStep step = call.step();
        HasMetadata target = call.manifest() != null ? k.getKubernetesSerialization().unmarshal(call.manifest())
                : reference(k, step.apiVersion(), step.kind(), call.object());
        if (call.object() != null) {
            target.getMetadata().setName(call.object());
        }
        boolean namespaced = !(target instanceof GenericKubernetesResource) ? target instanceof Namespaced
                : call.namespace() != null || target.getMetadata().getNamespace() != null;
        String namespace = !namespaced ? null
                : call.namespace() != null ? call.namespace()
                : target.getMetadata().getNamespace() != null ? target.getMetadata().getNamespace()
                : k.getNamespace();
        if (namespaced) {
            target.getMetadata().setNamespace(namespace);
        }
        Target where = new Target(target.getClass(), target.getApiVersion(), target.getKind(), namespace);
        switch (step.verb()) {
            case CREATE -> {
                if (step.createNamespace() && namespace != null) {
                    ensureNamespace(k, namespace, call.runId(), call.timeoutMillis());
                }
                touch(k, call.runId(), where);
                Map<String, String> labels = target.getMetadata().getLabels() == null ? new HashMap<>()
                        : new HashMap<>(target.getMetadata().getLabels());
                labels.put(RUN_LABEL, call.runId());
                target.getMetadata().setLabels(labels);
                k.resource(target).create();
            }
            case GET -> {
                if (k.resource(target).get() == null) {
                    throw new NotFound(target);
                }
            }
            case DELETE -> {
                if (k.resource(target).delete().isEmpty()) {
                    throw new NotFound(target);
                }
            }
            case LIST -> {
                var list = scope(k, where);
                KubernetesResourceList<?> found = call.selector() == null ? list.list()
                        : list.withLabelSelector(call.selector()).list();
                Objects.requireNonNull(found.getItems());
            }
            case WAIT -> {
                String condition = step.condition() == null ? "exists" : step.condition();
                Predicate<HasMetadata> reached = switch (condition) {
                    case "exists" -> Objects::nonNull;
                    case "deleted" -> Objects::isNull;
                    default -> o -> o != null && hasCondition(k, o, condition);
                };
                awaitCondition(k, target, reached, condition, call.timeoutMillis());
            }
        }
    }

    /**
     * Polls the object until {@code reached} holds. Polling rather than an informer: a wait per
     * user under load must not open a watch per user, and a GET every 200 ms is what kubectl
     * wait costs the API server too.
     */
    private static void awaitCondition(KubernetesClient k, HasMetadata target, Predicate<HasMetadata> reached,
                                       String condition, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (reached.test(k.resource(target).get())) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ConditionTimeout(condition, timeoutMillis);
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConditionTimeout(condition, timeoutMillis);
            }
        }
    }

    /** Creates the namespace (labelled) unless it exists; waits out one still being deleted. */
    private void ensureNamespace(KubernetesClient k, String name, String runId, long timeoutMillis) {
        Target namespaces = new Target(Namespace.class, "v1", "Namespace", null);
        touch(k, runId, namespaces);
        Namespace existing = k.namespaces().withName(name).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        if (existing != null) {
            awaitCondition(k, existing, Objects::isNull, "namespace " + name + " deleted", timeoutMillis);
        }
        try {
            k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels(RUN_LABEL, runId).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // created meanwhile by another user or worker: what we wanted
                throw e;
            }
        }
    }

    /** Remembers where a run creates objects; the first time, deletes what other runs left there. */
    private void touch(KubernetesClient k, String runId, Target where) {
        if (touched.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(where)) {
            int deleted = deleteLabelled(k, where, value -> !value.equals(runId));
            if (deleted > 0) {
                LOG.info("deleted {} {} left by earlier runs{}", deleted, where.kind(),
                        where.namespace() == null ? "" : " in namespace " + where.namespace());
            }
        }
    }

    /**
     * Deletes the objects of {@code where} whose run label satisfies {@code runMatches}; objects
     * without the label are never touched. Filters here rather than with a set-based selector
     * ({@code key,key!=v}), which not every API server implementation (nor mock) honours.
     */
    private static int deleteLabelled(KubernetesClient k, Target where, Predicate<String> runMatches) {
        int deleted = 0;
        for (HasMetadata item : scope(k, where).withLabel(RUN_LABEL).list().getItems()) {
            Map<String, String> labels = item.getMetadata().getLabels();
            String run = labels == null ? null : labels.get(RUN_LABEL);
            if (run != null && runMatches.test(run)) {
                try {
                    k.resource(item).delete();
                    deleted++;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
        return deleted;
    }

    /** The collection of {@code where}'s kind, in its namespace or cluster-wide. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static NonNamespaceOperation<? extends HasMetadata, ? extends KubernetesResourceList<?>, ?> scope(
            KubernetesClient k, Target where) {
        MixedOperation op = where.type() == GenericKubernetesResource.class
                ? k.genericKubernetesResources(where.apiVersion(), where.kind())
                : k.resources((Class) where.type());
        return where.namespace() == null ? op : (NonNamespaceOperation) op.inNamespace(where.namespace());
    }

    private static HasMetadata reference(KubernetesClient k, String apiVersion, String kind, String name) {
        Map<String, Object> object = Map.of("apiVersion", apiVersion, "kind", kind,
                "metadata", name == null ? Map.of() : Map.of("name", name));
        return k.getKubernetesSerialization().unmarshal(k.getKubernetesSerialization().asJson(object));
    }

    @SuppressWarnings("unchecked")
    private static boolean hasCondition(KubernetesClient k, HasMetadata object, String type) {
        Map<String, Object> tree = k.getKubernetesSerialization().convertValue(object, Map.class);
        if (!(tree.get("status") instanceof Map<?, ?> status) || !(status.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && type.equals(m.get("type")) && "True".equals(m.get("status")));
    }

    /**
     * Deletes everything {@code runId} created through this executor, namespaced objects first,
     * then namespaces. Called when the run finishes on this engine; safe to call twice.
     */
    @Override
    public void runFinished(String runId) {
        Set<Target> targets = touched.remove(runId);
        if (targets == null || client == null) {
            return;
        }
        List<Target> ordered = new ArrayList<>(targets);
        ordered.sort(Comparator.comparing((Target t) -> t.namespace() == null));
        for (Target where : ordered) {
            try {
                int deleted = deleteLabelled(client, where, runId::equals);
                LOG.info("run {}: deleted {} {}{}", runId, deleted, where.kind(),
                        where.namespace() == null ? "" : " in namespace " + where.namespace());
            } catch (KubernetesClientException e) {
                LOG.warn("run {}: could not delete {} labelled {}={}: {}", runId, where.kind(), RUN_LABEL, runId,
                        e.getMessage());
            }
        }
    }

    private static String describe(Throwable failure, long timeoutMillis) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "timeout: no answer within " + timeoutMillis + " ms";
        }
        if (cause instanceof NotFound) {
            return "404 NotFound";
        }
        if (cause instanceof ConditionTimeout) {
            return cause.getMessage();
        }
        if (cause instanceof KubernetesClientException e) {
            if (e.getCause() instanceof TimeoutException
                    || e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
                return "timeout: condition not met within " + timeoutMillis + " ms";
            }
            String reason = e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason()
                    : e.getMessage() == null ? cause.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return (e.getCode() > 0 ? e.getCode() + " " + reason : reason) + causes(e.getStatus());
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * What RBAC refused, or what a validation error says about each field (": spec.ports[0].port: Invalid value: 0: must
     * be between 1 and 65535, inclusive"), empty when the status has no causes. The causes rather
     * than the status message: the message names the object, so every user's failure would be a
     * different error in the stats.
     */
    private static String causes(Status status) {
        if (status != null && status.getCode() != null && status.getCode() == 403 && status.getMessage() != null
                && status.getMessage().contains("cannot ")) {
            // RBAC: 'services "svc-1" is forbidden: User "..." cannot get resource "services" in ...':
            // what was refused, without the object's name
            return ": " + status.getMessage().substring(status.getMessage().indexOf("cannot "));
        }
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (StatusCause cause : status.getDetails().getCauses()) {
            if (cause.getMessage() == null) {
                continue;
            }
            text.append(text.isEmpty() ? ": " : "; ");
            if (cause.getField() != null && !cause.getMessage().startsWith(cause.getField())) {
                text.append(cause.getField()).append(": ");
            }
            text.append(cause.getMessage());
        }
        return text.toString();
    }

    private KubernetesClient client() {
        KubernetesClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    client = c = clientFactory.get();
                }
            }
        }
        return c;
    }

    /** Deletes what unfinished runs created, then releases the client. */
    @Override
    public void close() {
        for (String runId : List.copyOf(touched.keySet())) {
            runFinished(runId);
        }
        calls.shutdownNow();
        if (client != null) {
            client.close();
        }
    }

    /** A wait whose condition did not hold in time. */
    private static final class ConditionTimeout extends RuntimeException {
        ConditionTimeout(String condition, long timeoutMillis) {
            super("timeout: " + condition + " not reached within " + timeoutMillis + " ms", null, false, false);
        }
    }

    /** A get or delete of an object that does not exist. */
    private static final class NotFound extends RuntimeException {
        NotFound(HasMetadata target) {
            super(target.getKind() + " " + target.getMetadata().getName() + " not found", null, false, false);
        }
    }
}
