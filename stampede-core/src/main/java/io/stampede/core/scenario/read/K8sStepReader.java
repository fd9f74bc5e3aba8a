package io.stampede.core.scenario.read;

import io.stampede.core.scenario.K8sStep;
import io.stampede.core.scenario.read.Grammar.AnyValue;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.stampede.core.scenario.read.Grammar.BOOLEAN;
import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.union;
import static io.stampede.core.scenario.read.Grammar.values;

/**
 * Reads {@code k8s:} steps, filling in the apiVersion of common kinds (and kind and apiVersion
 * from a literal manifest) so the engine gets a resource it can address.
 */
final class K8sStepReader extends ConstructReader {

    /** apiVersion of common kinds, so simple k8s steps need not spell it. */
    private static final Map<String, String> KNOWN_KINDS = Map.ofEntries(
            Map.entry("Pod", "v1"), Map.entry("Service", "v1"), Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"), Map.entry("Namespace", "v1"), Map.entry("ServiceAccount", "v1"),
            Map.entry("Endpoints", "v1"), Map.entry("PersistentVolumeClaim", "v1"), Map.entry("Event", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"), Map.entry("ReplicaSet", "apps/v1"),
            Map.entry("Job", "batch/v1"), Map.entry("CronJob", "batch/v1"));

    static final ObjectType GRAMMAR = object("k8s", "A Kubernetes API call, recorded in stats per (verb, kind). Created objects carry stampede.io/run=<run-id> and are deleted when the run stops.")
            .optional("name", STRING, "Stats key; defaults to the kind.")
            .required("verb", values(K8sStep.Verb.class), "What to do.")
            .optional("namespace", TEMPLATE, "Namespace; default the client's.")
            .optional("create_namespace", BOOLEAN, "Create the namespace first if missing (already existing is not a failure).")
            .optional("manifest", union(TEMPLATE, new AnyValue()), "The object, as YAML text or a mapping; strings in it are templates.")
            .optional("api_version", STRING, "With kind, identifies the resource when there is no manifest.")
            .optional("kind", STRING, "e.g. Service, ConfigMap.")
            .optional("object", TEMPLATE, "The object's name, for get, delete and wait.")
            .optional("label_selector", TEMPLATE, "For list: e.g. app=web.")
            .optional("condition", STRING, "For wait: exists, deleted, or a condition type such as Ready.")
            .optional("timeout", DURATION, "Call (or wait) timeout; default the engine's.")
            .build();

    static final StepKind<K8sStep> KIND = StepKind.of(K8sStep.class, "A Kubernetes API call.", List.of(GRAMMAR),
            (node, scope, context) -> new K8sStepReader(context).k8s(node, scope));

    K8sStepReader(ReadContext context) {
        super(context);
    }

    K8sStep k8s(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "k8s");
        if (o == null) {
            return null;
        }
        K8sStep.Verb verb = nodes.enumValue(o, "verb", K8sStep.Verb.class, null);
        String namespace = o.has("namespace") ? templates.template(o.value("namespace"), scope) : null;
        boolean createNamespace = nodes.bool(o, "create_namespace", false);
        String apiVersion = nodes.string(o, "api_version");
        String kind = nodes.string(o, "kind");
        String manifest = null;
        Node m = o.value("manifest");
        if (m != null) {
            Object tree;
            if (m instanceof ScalarNode) {
                manifest = templates.template(m, scope);
                tree = manifest == null ? null : manifestTree(m, manifest);
            } else {
                tree = templates.jsonValue(m, scope);
                manifest = JsonMapper.shared().writeValueAsString(tree);
            }
            if (tree instanceof Map<?, ?> map) {
                if (kind == null && map.get("kind") instanceof String k && !k.contains("${")) {
                    kind = k;
                }
                if (apiVersion == null && map.get("apiVersion") instanceof String v && !v.contains("${")) {
                    apiVersion = v;
                }
            } else if (tree != null) {
                nodes.error(m, "a manifest is one Kubernetes object (a mapping with apiVersion, kind, metadata)", null);
            }
        }
        String objectName = o.has("object") ? templates.template(o.value("object"), scope) : null;
        String labelSelector = o.has("label_selector") ? templates.template(o.value("label_selector"), scope) : null;
        String condition = nodes.string(o, "condition");
        Duration timeout = nodes.duration(o, "timeout");
        if (verb == null) {
            return null;
        }
        if (verb == K8sStep.Verb.CREATE && m == null) {
            nodes.error(o.node, "k8s create needs a manifest", "manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}");
        }
        if (kind == null && m == null) {
            nodes.error(o.node, "k8s " + Grammar.yamlName(verb) + " needs kind (and object) or a manifest", "kind: Service, object: web");
        } else if (kind != null && apiVersion == null) {
            apiVersion = KNOWN_KINDS.get(kind);
            if (apiVersion == null) {
                nodes.error(o.node, "api_version is needed for kind '" + kind + "'", "e.g. api_version: apps/v1");
            }
        }
        if ((verb == K8sStep.Verb.GET || verb == K8sStep.Verb.DELETE || verb == K8sStep.Verb.WAIT)
                && m == null && objectName == null) {
            nodes.error(o.node, "k8s " + Grammar.yamlName(verb) + " needs object (the object's name) or a manifest", null);
        }
        if (condition != null && verb != K8sStep.Verb.WAIT) {
            nodes.error(o.key("condition"), "condition applies to verb wait only", null);
        }
        if (labelSelector != null && verb != K8sStep.Verb.LIST) {
            nodes.error(o.key("label_selector"), "label_selector applies to verb list only", null);
        }
        if (verb == K8sStep.Verb.WAIT && condition == null) {
            condition = "exists";
        }
        String name = o.has("name") ? nodes.string(o, "name") : (kind != null ? kind : Grammar.yamlName(verb));
        if (name == null) {
            return null;
        }
        context.statsNames.add(name);
        return new K8sStep(name, verb, namespace, createNamespace, manifest, apiVersion, kind, objectName,
                labelSelector, condition, timeout);
    }

    /** Reads a manifest written as YAML text, for its kind and apiVersion; reports it if it is not YAML. */
    private Object manifestTree(Node node, String text) {
        try {
            Object tree = new Yaml(new LoaderOptions()).load(text);
            return tree;
        } catch (YAMLException e) {
            if (!text.contains("${")) {
                String problem = e instanceof MarkedYAMLException m && m.getProblem() != null
                        ? m.getProblem() + " (line " + (m.getProblemMark().getLine() + 1) + " of the manifest)"
                        : e.getMessage().lines().findFirst().orElse("");
                nodes.error(node, "manifest is not valid YAML: " + problem, null);
            }
            return null;
        }
    }
}
