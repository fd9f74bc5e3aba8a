package io.stampede.core.scenario;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.stampede.core.scenario.Grammar.Choice;
import io.stampede.core.scenario.Grammar.Field;
import io.stampede.core.scenario.Grammar.ObjectType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Walks SnakeYAML's node tree (which keeps line and column of every value) into the model,
 * collecting every error. One instance reads one scenario.
 */
final class ScenarioReader {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");
    private static final Pattern STATUS_CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9_.-]+)(?::(\\d{1,5}))?");
    private static final Set<String> TIME_METRICS = Set.of("avg", "min", "max", "p50", "p90", "p95", "p99", "p999");

    /** apiVersion of common kinds, so simple k8s steps need not spell it. */
    private static final Map<String, String> KNOWN_KINDS = Map.ofEntries(
            Map.entry("Pod", "v1"), Map.entry("Service", "v1"), Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"), Map.entry("Namespace", "v1"), Map.entry("ServiceAccount", "v1"),
            Map.entry("Endpoints", "v1"), Map.entry("PersistentVolumeClaim", "v1"), Map.entry("Event", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"), Map.entry("ReplicaSet", "apps/v1"),
            Map.entry("Job", "batch/v1"), Map.entry("CronJob", "batch/v1"));

    private final String source;
    private final Path folder;
    private final List<ScenarioError> errors = new ArrayList<>();
    private final Set<String> feederNames = new LinkedHashSet<>();
    /** Columns of the feeders whose file could be read (parsing from a file): ${feeder.column} is checked against them. */
    private final Map<String, Set<String>> feederColumns = new HashMap<>();
    /** Stats row names declared by steps, for thresholds. */
    private final Set<String> statsNames = new LinkedHashSet<>();

    ScenarioReader(String source, Path folder) {
        this.source = source;
        this.folder = folder;
    }

    // ---------------------------------------------------------------- entry

    Scenario read(String text) {
        Node root = compose(text);
        Scenario scenario = root == null ? null : scenario(root);
        if (!errors.isEmpty() || scenario == null) {
            if (errors.isEmpty()) {
                error(1, 1, "the scenario is empty", "start with 'name:' and 'users:'");
            }
            List<ScenarioError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ScenarioError::line).thenComparingInt(ScenarioError::column));
            throw new ScenarioException(sorted);
        }
        return scenario;
    }

    private Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by this reader, with both positions
        options.setMaxAliasesForCollections(50);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext();
            error(mark, "invalid YAML: " + problem, context == null ? "check indentation and quoting" : context);
            return null;
        } catch (YAMLException e) {
            error(1, 1, "invalid YAML: " + e.getMessage(), null);
            return null;
        }
    }

    // ---------------------------------------------------------------- scenario

    private Scenario scenario(Node root) {
        Obj o = object(root, Grammar.ROOT);
        if (o == null) {
            return null;
        }
        String name = string(o, "name");
        String host = string(o, "host");
        if (host != null && !isAbsoluteUrl(host)) {
            error(o.value("host"), "host must be an absolute http(s) URL, got '" + host + "'", "e.g. http://127.0.0.1:8080");
        }

        Scope runScope = new Scope();
        Map<String, String> variables = variables(o.value("variables"), runScope);
        Map<String, Feeder> feeders = feeders(o.value("feeders"));

        List<Step> setup = steps(o.value("setup"), runScope);
        Scope userBase = runScope.copy();
        userBase.feeders.addAll(feederNames);
        userBase.columns.putAll(feederColumns);
        List<UserClass> users = new ArrayList<>();
        Set<String> userNames = new HashSet<>();
        for (Node n : list(o.value("users"), "a list of user classes")) {
            UserClass u = user(n, userBase.copy());
            if (u != null) {
                if (!userNames.add(u.name())) {
                    error(n, "duplicate user class name '" + u.name() + "'", "give each user class its own name");
                }
                users.add(u);
            }
        }
        List<Step> teardown = steps(o.value("teardown"), runScope.copy());
        List<Threshold> thresholds = new ArrayList<>();
        for (Node n : list(o.value("thresholds"), "a list of thresholds")) {
            Threshold t = threshold(n);
            if (t != null) {
                thresholds.add(t);
            }
        }
        if (name == null) {
            return null;
        }
        return new Scenario(name, host, users, setup, teardown, feeders, variables, thresholds);
    }

    private Map<String, String> variables(Node node, Scope scope) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (node == null) {
            return variables;
        }
        if (!(node instanceof MappingNode m)) {
            error(node, "expected a mapping of variable names to values but got " + describe(node), "variables: {base: /api}");
            return variables;
        }
        for (NodeTuple t : entries(m)) {
            String key = variableName(t.getKeyNode());
            String value = template(t.getValueNode(), scope);
            if (key != null && value != null) {
                variables.put(key, value);
                scope.names.add(key);
            }
        }
        return variables;
    }

    private Map<String, Feeder> feeders(Node node) {
        Map<String, Feeder> feeders = new LinkedHashMap<>();
        for (Node n : list(node, "a list of feeders")) {
            Obj o = object(n, "feeder");
            if (o == null) {
                continue;
            }
            String name = name(o, "name");
            String file = string(o, "file");
            Feeder.Strategy strategy = enumValue(o, "strategy", Feeder.Strategy.class, Feeder.Strategy.CIRCULAR);
            Feeder.Sharing sharing = enumValue(o, "sharing", Feeder.Sharing.class, Feeder.Sharing.SHARED);
            if (file != null) {
                checkFeederFile(o.value("file"), file);
            }
            if (name != null && file != null) {
                if (feeders.containsKey(name)) {
                    error(o.value("name"), "duplicate feeder name '" + name + "'", "give each feeder its own name");
                } else if (TemplateSyntax.BUILT_INS.stream().anyMatch(b -> b.startsWith(name + "."))) {
                    error(o.value("name"), "feeder name '" + name + "' clashes with the built-ins ${" + name + ".*}", "choose another name");
                } else {
                    feeders.put(name, new Feeder(name, file, strategy, sharing));
                    feederNames.add(name);
                    Set<String> columns = folder == null ? null : columns(o.value("file"), folder.resolve(file));
                    if (columns != null) {
                        feederColumns.put(name, columns);
                    }
                }
            }
        }
        return feeders;
    }

    /** The column names of a feeder file (CSV header, or the keys of a JSON array's objects); null if unreadable. */
    private Set<String> columns(Node node, Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // reported by checkFeederFile
        }
        Set<String> columns = new LinkedHashSet<>();
        if (path.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            String header = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            for (String column : header.split(",", -1)) {
                columns.add(column.strip().replaceAll("^\"|\"$", ""));
            }
            if (header.isBlank()) {
                error(node, "feeder file " + path.getFileName() + " has no header line", "first line: the column names, e.g. email,password");
                return null;
            }
            return columns;
        }
        try {
            tools.jackson.databind.JsonNode tree = JsonMapper.shared().readTree(text);
            if (!tree.isArray()) {
                error(node, "feeder file " + path.getFileName() + " must hold a JSON array of objects", "[{\"email\": \"a@x\"}]");
                return null;
            }
            for (tools.jackson.databind.JsonNode row : tree) {
                if (row.isObject()) {
                    columns.addAll(row.propertyNames());
                }
            }
            return columns;
        } catch (RuntimeException e) {
            error(node, "feeder file " + path.getFileName() + " is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), null);
            return null;
        }
    }

    private void checkFeederFile(Node node, String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".json")) {
            error(node, "feeder file must be .csv or .json, got '" + file + "'", "CSV with a header line, or a JSON array of objects");
            return;
        }
        Path p = Path.of(file);
        if (p.isAbsolute() || p.normalize().startsWith("..")) {
            error(node, "feeder file must be a relative path inside the scenario's folder, got '" + file + "'",
                    "put the file beside the scenario; it is sent to workers with it");
            return;
        }
        if (folder != null && !Files.isRegularFile(folder.resolve(p))) {
            error(node, "feeder file not found: " + folder.resolve(p), "feeder files are read relative to the scenario file");
        }
    }

    // ---------------------------------------------------------------- users and tasks

    private UserClass user(Node node, Scope scope) {
        Obj o = object(node, "user");
        if (o == null) {
            return null;
        }
        String name = string(o, "name");
        int weight = weight(o);
        WaitTime wait = o.has("wait") ? waitTime(o.value("wait")) : new WaitTime.None();
        boolean sequential = bool(o, "sequential", false);
        List<Step> onStart = steps(o.value("on_start"), scope);
        List<Task> tasks = tasks(o.value("tasks"), scope);
        List<Step> onStop = steps(o.value("on_stop"), scope);
        if (name == null || wait == null) {
            return null;
        }
        return new UserClass(name, weight, wait, sequential, tasks, onStart, onStop);
    }

    private List<Task> tasks(Node node, Scope scope) {
        List<Task> tasks = new ArrayList<>();
        int index = 0;
        for (Node n : list(node, "a list of tasks")) {
            index++;
            Obj o = object(n, "task");
            if (o == null) {
                continue;
            }
            String name = o.has("name") ? string(o, "name") : "task-" + index;
            int weight = weight(o);
            boolean sequential = bool(o, "sequential", false);
            List<Step> steps = steps(o.value("steps"), scope);
            List<Task> group = tasks(o.value("tasks"), scope);
            if (name != null) {
                tasks.add(new Task(name, weight, sequential, steps, group));
            }
        }
        return tasks;
    }

    private int weight(Obj o) {
        Integer w = integer(o, "weight");
        if (w == null) {
            return 1;
        }
        if (w < 1) {
            error(o.value("weight"), "weight must be at least 1, got " + w, "leave it out for 1");
            return 1;
        }
        return w;
    }

    private WaitTime waitTime(Node node) {
        Obj o = object(node, "wait");
        if (o == null) {
            return null;
        }
        if (o.has("constant")) {
            Duration d = duration(o, "constant");
            return d == null ? null : new WaitTime.Constant(d);
        }
        if (o.has("pacing")) {
            Duration d = duration(o, "pacing");
            return d == null ? null : new WaitTime.Pacing(d);
        }
        if (o.has("between")) {
            Duration[] range = durationRange(o.value("between"));
            return range == null ? null : new WaitTime.Between(range[0], range[1]);
        }
        return null;
    }

    // ---------------------------------------------------------------- steps

    private List<Step> steps(Node node, Scope scope) {
        List<Step> steps = new ArrayList<>();
        for (Node n : list(node, "a list of steps")) {
            Step s = step(n, scope);
            if (s != null) {
                steps.add(s);
            }
        }
        return steps;
    }

    private Step step(Node node, Scope scope) {
        Obj o = object(node, "step");
        if (o == null) {
            return null;
        }
        Step step = null;
        for (String kind : o.entries.keySet()) {
            Node value = o.value(kind);
            Step s = switch (kind) {
                case "http" -> http(value, scope);
                case "dns" -> dns(value, scope);
                case "k8s" -> k8s(value, scope);
                case "think" -> think(value);
                case "loop" -> loop(value, scope);
                case "if" -> ifStep(value, scope);
                default -> throw new IllegalStateException(kind);
            };
            step = step == null ? s : step;
        }
        return step;
    }

    private HttpStep http(Node node, Scope scope) {
        Obj o = object(node, "http");
        if (o == null) {
            return null;
        }
        String method = o.has("method") ? oneOf(o.value("method"), Grammar.HTTP_METHODS, "method") : "GET";
        String urlKey = o.has("path") ? "path" : "url";
        String url = o.has(urlKey) ? template(o.value(urlKey), scope) : null;
        if (url != null) {
            boolean absolute = url.startsWith("http://") || url.startsWith("https://");
            if (urlKey.equals("url") && !absolute && !url.startsWith("${")) {
                error(o.value(urlKey), "url must be an absolute http(s) URL, got '" + url + "'", "use path: for a path on the host");
            } else if (!absolute && !url.startsWith("/") && !url.startsWith("${")) {
                error(o.value(urlKey), "path must start with / or be an absolute http(s) URL, got '" + url + "'", "/" + url);
            }
        }
        Map<String, String> headers = templateMap(o.value("headers"), scope, "header names to values");
        Map<String, String> query = templateMap(o.value("query"), scope, "parameter names to values");
        HttpBody body = null;
        if (o.has("json")) {
            body = new HttpBody.Json(jsonValue(o.value("json"), scope));
        } else if (o.has("form")) {
            body = new HttpBody.Form(templateMap(o.value("form"), scope, "field names to values"));
        } else if (o.has("body")) {
            String text = template(o.value("body"), scope);
            body = text == null ? null : new HttpBody.Raw(text, string(o, "content_type"));
        }
        if (o.has("content_type") && !o.has("body")) {
            error(o.key("content_type"), "content_type applies to a raw 'body' only",
                    "json: and form: set their content type; for others use headers: {Content-Type: ...}");
        }
        Duration timeout = duration(o, "timeout");
        Expect expect = o.has("expect") ? expect(o.value("expect"), scope) : null;
        Map<String, Extractor> extract = extractors(o.value("extract"), scope);
        String name = o.has("name") ? string(o, "name") : url;
        if (name == null || url == null || method == null) {
            return null;
        }
        statsNames.add(name);
        return new HttpStep(name, method, url, headers, query, body, timeout, expect, extract);
    }

    private Expect expect(Node node, Scope scope) {
        Obj o = object(node, "expect");
        if (o == null) {
            return null;
        }
        List<Expect.StatusRange> status = new ArrayList<>();
        Node statusNode = o.value("status");
        if (statusNode instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                Expect.StatusRange r = statusRange(n);
                if (r != null) {
                    status.add(r);
                }
            }
        } else if (statusNode != null) {
            Expect.StatusRange r = statusRange(statusNode);
            if (r != null) {
                status.add(r);
            }
        }
        String bodyContains = o.has("body_contains") ? template(o.value("body_contains"), scope) : null;
        Map<String, Object> jsonPath = new LinkedHashMap<>();
        Node jp = o.value("jsonpath");
        if (jp instanceof MappingNode m) {
            for (NodeTuple t : entries(m)) {
                String path = jsonPath(t.getKeyNode());
                Object expected = jsonValue(t.getValueNode(), scope);
                if (expected instanceof Map<?, ?> || expected instanceof List<?>) {
                    error(t.getValueNode(), "a jsonpath expectation compares with a single value (text, number, true/false or null)", null);
                } else if (path != null) {
                    jsonPath.put(path, expected == null ? Expect.NULL : expected);
                }
            }
        } else if (jp != null) {
            error(jp, "expected a mapping of JSONPath to expected value but got " + describe(jp), "jsonpath: {\"$.Completed\": true}");
        }
        return new Expect(status, bodyContains, jsonPath);
    }

    private Expect.StatusRange statusRange(Node node) {
        String text = scalar(node, "a status code like 200, \"200-299\" or \"2xx\"");
        if (text == null) {
            return null;
        }
        text = text.strip();
        Matcher range = STATUS_RANGE.matcher(text);
        Matcher cls = STATUS_CLASS.matcher(text);
        int from;
        int to;
        if (text.matches("\\d{3}")) {
            from = to = Integer.parseInt(text);
        } else if (range.matches()) {
            from = Integer.parseInt(range.group(1));
            to = Integer.parseInt(range.group(2));
        } else if (cls.matches()) {
            from = Integer.parseInt(cls.group(1)) * 100;
            to = from + 99;
        } else {
            error(node, "'" + text + "' is not a status code", "201, [200, 201], \"200-299\" or \"2xx\"");
            return null;
        }
        if (from < 100 || to > 599 || from > to) {
            error(node, "status range " + from + "-" + to + " is outside 100-599 or reversed", null);
            return null;
        }
        return new Expect.StatusRange(from, to);
    }

    private Map<String, Extractor> extractors(Node node, Scope scope) {
        Map<String, Extractor> extract = new LinkedHashMap<>();
        if (node == null) {
            return extract;
        }
        if (!(node instanceof MappingNode m)) {
            error(node, "expected a mapping of variable names to extractors but got " + describe(node), "extract: {id: \"$.Id\"}");
            return extract;
        }
        for (NodeTuple t : entries(m)) {
            String var = variableName(t.getKeyNode());
            Node v = t.getValueNode();
            Extractor e = null;
            if (v instanceof ScalarNode) {
                String path = jsonPath(v);
                e = path == null ? null : new Extractor.JsonPath(path);
            } else {
                Obj o = object(v, "extractor");
                if (o != null) {
                    if (o.has("jsonpath")) {
                        String path = jsonPath(o.value("jsonpath"));
                        e = path == null ? null : new Extractor.JsonPath(path);
                    } else if (o.has("header")) {
                        String h = string(o, "header");
                        e = h == null ? null : new Extractor.Header(h);
                    } else if (o.has("regex")) {
                        e = regexExtractor(o);
                    }
                    if (o.has("group") && !o.has("regex")) {
                        error(o.key("group"), "group applies to regex only", null);
                    }
                }
            }
            if (var != null && e != null) {
                extract.put(var, e);
            }
        }
        // Defined after the request: a step cannot use what it extracts itself.
        scope.names.addAll(extract.keySet());
        return extract;
    }

    private Extractor regexExtractor(Obj o) {
        String regex = string(o, "regex");
        Pattern p = regex == null ? null : regex(o.value("regex"), regex);
        if (p == null) {
            return null;
        }
        int groups = p.matcher("").groupCount();
        Integer group = integer(o, "group");
        if (group == null) {
            group = groups > 0 ? 1 : 0;
        } else if (group < 0 || group > groups) {
            error(o.value("group"), "the pattern has " + groups + " group(s), so group " + group + " does not exist",
                    "0 is the whole match");
            return null;
        }
        return new Extractor.Regex(regex, group);
    }

    private DnsStep dns(Node node, Scope scope) {
        Obj o = object(node, "dns");
        if (o == null) {
            return null;
        }
        String query = template(o.value("query"), scope);
        DnsStep.RecordType type = enumValue(o, "type", DnsStep.RecordType.class, DnsStep.RecordType.A);
        String server = string(o, "server");
        if (server != null) {
            Matcher m = SERVER.matcher(server);
            if (!m.matches() || (m.group(2) != null && (Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535))) {
                error(o.value("server"), "server must be host or host:port, got '" + server + "'", "10.96.0.10 or 127.0.0.1:5353");
                server = null;
            }
        }
        Duration timeout = duration(o, "timeout");
        String name = o.has("name") ? string(o, "name") : query;
        if (query == null || name == null) {
            return null;
        }
        statsNames.add(name);
        return new DnsStep(name, query, type, server, timeout);
    }

    private K8sStep k8s(Node node, Scope scope) {
        Obj o = object(node, "k8s");
        if (o == null) {
            return null;
        }
        K8sStep.Verb verb = enumValue(o, "verb", K8sStep.Verb.class, null);
        String namespace = o.has("namespace") ? template(o.value("namespace"), scope) : null;
        boolean createNamespace = bool(o, "create_namespace", false);
        String apiVersion = string(o, "api_version");
        String kind = string(o, "kind");
        String manifest = null;
        Node m = o.value("manifest");
        if (m != null) {
            Object tree;
            if (m instanceof ScalarNode) {
                manifest = template(m, scope);
                tree = manifest == null ? null : manifestTree(m, manifest);
            } else {
                tree = jsonValue(m, scope);
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
                error(m, "a manifest is one Kubernetes object (a mapping with apiVersion, kind, metadata)", null);
            }
        }
        String objectName = o.has("object") ? template(o.value("object"), scope) : null;
        String labelSelector = o.has("label_selector") ? template(o.value("label_selector"), scope) : null;
        String condition = string(o, "condition");
        Duration timeout = duration(o, "timeout");
        if (verb == null) {
            return null;
        }
        if (verb == K8sStep.Verb.CREATE && m == null) {
            error(o.node, "k8s create needs a manifest", "manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}");
        }
        if (kind == null && m == null) {
            error(o.node, "k8s " + Grammar.yamlName(verb) + " needs kind (and object) or a manifest", "kind: Service, object: web");
        } else if (kind != null && apiVersion == null) {
            apiVersion = KNOWN_KINDS.get(kind);
            if (apiVersion == null) {
                error(o.node, "api_version is needed for kind '" + kind + "'", "e.g. api_version: apps/v1");
            }
        }
        if ((verb == K8sStep.Verb.GET || verb == K8sStep.Verb.DELETE || verb == K8sStep.Verb.WAIT)
                && m == null && objectName == null) {
            error(o.node, "k8s " + Grammar.yamlName(verb) + " needs object (the object's name) or a manifest", null);
        }
        if (condition != null && verb != K8sStep.Verb.WAIT) {
            error(o.key("condition"), "condition applies to verb wait only", null);
        }
        if (labelSelector != null && verb != K8sStep.Verb.LIST) {
            error(o.key("label_selector"), "label_selector applies to verb list only", null);
        }
        if (verb == K8sStep.Verb.WAIT && condition == null) {
            condition = "exists";
        }
        String name = o.has("name") ? string(o, "name") : (kind != null ? kind : Grammar.yamlName(verb));
        if (name == null) {
            return null;
        }
        statsNames.add(name);
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
                error(node, "manifest is not valid YAML: " + problem, null);
            }
            return null;
        }
    }

    private ThinkStep think(Node node) {
        if (node instanceof ScalarNode) {
            Duration d = durationValue(node);
            return d == null ? null : new ThinkStep(d, d);
        }
        Obj o = object(node, "think");
        if (o == null) {
            return null;
        }
        Duration[] range = durationRange(o.value("between"));
        return range == null ? null : new ThinkStep(range[0], range[1]);
    }

    private LoopStep loop(Node node, Scope scope) {
        Obj o = object(node, "loop");
        if (o == null) {
            return null;
        }
        String count = null;
        List<String> over = null;
        Node countNode = o.value("count");
        if (countNode != null) {
            count = template(countNode, scope);
            if (count != null && !count.contains("${")) {
                try {
                    if (Integer.parseInt(count.strip()) < 0) {
                        error(countNode, "count must not be negative, got " + count, null);
                    }
                } catch (NumberFormatException e) {
                    error(countNode, "count must be a whole number or a template giving one, got '" + count + "'", "count: 10");
                }
            }
        }
        if (o.has("over")) {
            over = new ArrayList<>();
            for (Node n : list(o.value("over"), "a list of items")) {
                String item = template(n, scope);
                if (item != null) {
                    over.add(item);
                }
            }
        }
        String variable = o.has("as") ? name(o, "as") : (over != null ? "item" : null);
        boolean wasDefined = variable != null && scope.names.contains(variable);
        if (variable != null) {
            scope.names.add(variable);
        }
        List<Step> steps = steps(o.value("steps"), scope);
        if (variable != null && !wasDefined) {
            scope.names.remove(variable); // the loop variable lives inside the loop only
        }
        if (count == null && over == null) {
            return null;
        }
        return new LoopStep(count, over, variable, steps);
    }

    private IfStep ifStep(Node node, Scope scope) {
        Obj o = object(node, "if");
        if (o == null) {
            return null;
        }
        String variable = name(o, "variable");
        IfStep.Operator operator = null;
        String value = null;
        if (o.has("equals")) {
            operator = IfStep.Operator.EQUALS;
            value = template(o.value("equals"), scope);
        } else if (o.has("not_equals")) {
            operator = IfStep.Operator.NOT_EQUALS;
            value = template(o.value("not_equals"), scope);
        } else if (o.has("matches")) {
            operator = IfStep.Operator.MATCHES;
            value = string(o, "matches");
            if (value != null && regex(o.value("matches"), value) == null) {
                value = null;
            }
        } else if (o.has("exists")) {
            Boolean exists = bool(o, "exists", null);
            operator = exists == null ? null : exists ? IfStep.Operator.EXISTS : IfStep.Operator.MISSING;
        }
        if (variable != null && operator != IfStep.Operator.EXISTS && operator != IfStep.Operator.MISSING
                && !scope.defines(variable)) {
            error(o.value("variable"), "undefined variable '" + variable + "'", undefinedHint(variable, scope));
        }
        List<Step> then = steps(o.value("then"), scope);
        List<Step> otherwise = steps(o.value("else"), scope);
        if (variable == null || operator == null
                || (value == null && operator != IfStep.Operator.EXISTS && operator != IfStep.Operator.MISSING)) {
            return null;
        }
        return new IfStep(variable, operator, value, then, otherwise);
    }

    // ---------------------------------------------------------------- thresholds

    private Threshold threshold(Node node) {
        Obj o = object(node, "threshold");
        if (o == null) {
            return null;
        }
        String request = string(o, "request");
        if (request != null && !statsNames.contains(request)) {
            error(o.value("request"), "no step is named '" + request + "'",
                    Hints.didYouMean(request, statsNames, "step names"));
            request = null;
        }
        Threshold.Metric metric = enumValue(o, "metric", Threshold.Metric.class, null);
        Threshold.Operator operator = null;
        String opKey = null;
        for (Threshold.Operator op : Threshold.Operator.values()) {
            if (o.has(Grammar.yamlName(op))) {
                operator = op;
                opKey = Grammar.yamlName(op);
            }
        }
        if (metric == null || operator == null) {
            return null;
        }
        Node limitNode = o.value(opKey);
        String text = scalar(limitNode, "a number or a duration");
        if (text == null) {
            return null;
        }
        String metricName = Grammar.yamlName(metric);
        double value;
        try {
            if (TIME_METRICS.contains(metricName)) {
                value = isNumber(limitNode) ? Double.parseDouble(text) : Durations.parse(text).toNanos() / 1e6;
            } else if (metric == Threshold.Metric.FAIL_RATIO && text.endsWith("%")) {
                value = Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100;
            } else {
                value = Double.parseDouble(text);
            }
        } catch (IllegalArgumentException e) {
            error(limitNode, "'" + text + "' is not a valid limit for " + metricName,
                    TIME_METRICS.contains(metricName) ? "a duration like 500ms (or a number of milliseconds)"
                            : metric == Threshold.Metric.FAIL_RATIO ? "a ratio like 0.01 or 1%" : "a number");
            return null;
        }
        if (metric == Threshold.Metric.FAIL_RATIO && (value < 0 || value > 1)) {
            error(limitNode, "fail_ratio is between 0 and 1, got " + text, "0.01 or 1%");
            return null;
        }
        String sourceText = (request == null ? "" : request + " ") + metricName + " " + opKey + " " + text;
        return new Threshold(request, metric, operator, value, sourceText);
    }

    // ---------------------------------------------------------------- objects

    /** A YAML mapping checked against its grammar type: only declared keys, no duplicates. */
    private final class Obj {
        final MappingNode node;
        final ObjectType type;
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        Obj(MappingNode node, ObjectType type) {
            this.node = node;
            this.type = type;
        }

        boolean has(String key) {
            type.field(key);
            return entries.containsKey(key);
        }

        Node value(String key) {
            type.field(key);
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        Node key(String key) {
            type.field(key);
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getKeyNode();
        }
    }

    private Obj object(Node node, String typeName) {
        ObjectType type = Grammar.type(typeName);
        if (!(node instanceof MappingNode mapping)) {
            error(node, "expected " + article(typeName) + " (a mapping with keys " + String.join(", ", type.fields().keySet())
                    + ") but got " + describe(node), null);
            return null;
        }
        Obj o = new Obj(mapping, type);
        boolean unknown = false;
        for (NodeTuple t : entries(mapping)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!type.fields().containsKey(key)) {
                unknown = true;
                error(t.getKeyNode(), "unknown key '" + key + "' in " + typeName,
                        Hints.didYouMean(key, type.fields().keySet(), "allowed keys"));
            } else {
                o.entries.put(key, t);
            }
        }
        if (unknown) {
            return o; // a misspelt key would also be reported missing: one error is enough
        }
        for (Field f : type.fields().values()) {
            if (f.required() && !o.entries.containsKey(f.key())) {
                error(mapping, "missing key '" + f.key() + "' in " + typeName, "add " + f.key() + ": " + f.doc());
            }
        }
        for (NodeTuple t : o.entries.values()) {
            // Fixed-size lists ([min, max]) are checked where they are read, with a better message.
            if (type.fields().get(((ScalarNode) t.getKeyNode()).getValue()).shape() instanceof Grammar.ListOf l
                    && l.minItems() != l.maxItems() && t.getValueNode() instanceof SequenceNode seq && seq.getValue().size() < l.minItems()) {
                error(t.getValueNode(), ((ScalarNode) t.getKeyNode()).getValue() + " needs at least " + l.minItems()
                        + " item" + (l.minItems() == 1 ? "" : "s"), null);
            }
        }
        for (Choice c : type.choices()) {
            long present = c.keys().stream().filter(o.entries::containsKey).count();
            boolean ok = switch (c.kind()) {
                case EXACTLY_ONE -> present == 1;
                case AT_MOST_ONE -> present <= 1;
                case AT_LEAST_ONE -> present >= 1;
            };
            if (!ok) {
                error(mapping, typeName + " needs " + c.describe() + (present > 1 ? ", not several" : ""), null);
            }
        }
        return o;
    }

    /** The mapping's entries with string keys, reporting non-string and duplicate keys. */
    private List<NodeTuple> entries(MappingNode mapping) {
        List<NodeTuple> result = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                error(t.getKeyNode(), "keys must be plain text, got " + describe(t.getKeyNode()), null);
                continue;
            }
            if (k.getValue().equals("<<")) {
                error(k, "YAML merge keys (<<) are not supported", "repeat the keys, or use variables for shared values");
                continue;
            }
            Node first = seen.putIfAbsent(k.getValue(), k);
            if (first != null) {
                error(k, "duplicate key '" + k.getValue() + "' (first at line " + (first.getStartMark().getLine() + 1) + ")",
                        "remove one of them");
                continue;
            }
            result.add(t);
        }
        return result;
    }

    private List<Node> list(Node node, String what) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        error(node, "expected " + what + " but got " + describe(node), "write each item on its own line starting with '- '");
        return List.of();
    }

    // ---------------------------------------------------------------- scalars

    /** A scalar's text, or null (reported) for lists, mappings and empty values. */
    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        error(node, "expected " + what + " but got " + describe(node), null);
        return null;
    }

    private String string(Obj o, String key) {
        Node n = o.value(key);
        return n == null ? null : scalar(n, "text");
    }

    private String name(Obj o, String key) {
        Node n = o.value(key);
        return n == null ? null : variableName(n);
    }

    private String variableName(Node n) {
        String s = scalar(n, "a name");
        if (s == null) {
            return null;
        }
        if (!IDENTIFIER.matcher(s).matches()) {
            error(n, "'" + s + "' is not a valid name", "letters, digits and _, not starting with a digit");
            return null;
        }
        if (TemplateSyntax.BUILT_INS.contains(s) || s.equals("random")) {
            error(n, "'" + s + "' is a built-in and cannot be redefined", "choose another name");
            return null;
        }
        return s;
    }

    private Integer integer(Obj o, String key) {
        Node n = o.value(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                return Integer.parseInt(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        error(n, "expected a whole number but got " + describe(n), null);
        return null;
    }

    private Boolean bool(Obj o, String key, Boolean absent) {
        Node n = o.value(key);
        if (n == null) {
            return absent;
        }
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT))
                    || Set.of("yes", "on", "y").contains(s.getValue().toLowerCase(Locale.ROOT));
        }
        error(n, "expected true or false but got " + describe(n), null);
        return absent;
    }

    private Duration duration(Obj o, String key) {
        Node n = o.value(key);
        return n == null ? null : durationValue(n);
    }

    private Duration durationValue(Node n) {
        String text = scalar(n, "a duration like 500ms, 1s or 1m30s");
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(n, "'" + text + "' is not a duration", isNumber(n) ? "add a unit: " + text + "s or " + text + "ms"
                    : "e.g. 500ms, 1s, 1m30s, 1h");
            return null;
        }
    }

    private Duration[] durationRange(Node node) {
        List<Node> items = list(node, "[min, max]");
        if (node instanceof SequenceNode && items.size() != 2) {
            error(node, "expected two durations [min, max] but got " + items.size(), "[1s, 2s]");
            return null;
        }
        if (items.size() != 2) {
            return null;
        }
        Duration min = durationValue(items.get(0));
        Duration max = durationValue(items.get(1));
        if (min == null || max == null) {
            return null;
        }
        if (min.compareTo(max) > 0) {
            error(node, "min " + Durations.format(min) + " is greater than max " + Durations.format(max), "swap them");
            return null;
        }
        return new Duration[]{min, max};
    }

    private <E extends Enum<E>> E enumValue(Obj o, String key, Class<E> type, E absent) {
        Node n = o.value(key);
        if (n == null) {
            return absent;
        }
        // The grammar says how the constants are written, in the order of the enum.
        List<String> names = ((Grammar.OneOfValues) o.type.field(key).shape()).values();
        String v = oneOf(n, names, key);
        return v == null ? absent : type.getEnumConstants()[names.indexOf(v)];
    }

    private String oneOf(Node n, List<String> allowed, String what) {
        String v = scalar(n, "one of " + String.join(", ", allowed));
        if (v == null) {
            return null;
        }
        if (!allowed.contains(v)) {
            error(n, "'" + v + "' is not a valid " + what, Hints.didYouMean(v, allowed, "allowed"));
            return null;
        }
        return v;
    }

    private static boolean isNumber(Node n) {
        return n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
    }

    private Pattern regex(Node node, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            error(node, "invalid regular expression: " + e.getDescription(), "near index " + e.getIndex() + " of '" + regex + "'");
            return null;
        }
    }

    private String jsonPath(Node node) {
        String path = scalar(node, "a JSONPath like $.Id");
        if (path == null) {
            return null;
        }
        if (!path.startsWith("$")) {
            error(node, "a JSONPath starts with $, got '" + path + "'", "$." + path);
            return null;
        }
        try {
            JsonPath.compile(path);
            return path;
        } catch (InvalidPathException e) {
            error(node, "invalid JSONPath '" + path + "': " + e.getMessage().strip(), "e.g. $.Id, $.items[0].name, $..id");
            return null;
        } catch (RuntimeException e) {
            // json-path reports some malformed paths with a bare runtime exception and no useful message
            error(node, "invalid JSONPath '" + path + "'", "e.g. $.Id, $.items[0].name, $..id");
            return null;
        }
    }

    // ---------------------------------------------------------------- templates and variables

    /** The variables defined at a point of the scenario, in document order. */
    private static final class Scope {
        final Set<String> names = new HashSet<>();
        final Set<String> feeders = new HashSet<>();
        /** Known columns per feeder; a feeder missing here accepts any column. */
        final Map<String, Set<String>> columns = new HashMap<>();

        boolean defines(String expression) {
            int dot = expression.indexOf('.');
            if (names.contains(expression)) {
                return true;
            }
            if (dot > 0 && feeders.contains(expression.substring(0, dot))) {
                Set<String> known = columns.get(expression.substring(0, dot));
                return known == null || known.contains(expression.substring(dot + 1));
            }
            return false;
        }

        Scope copy() {
            Scope s = new Scope();
            s.names.addAll(names);
            s.feeders.addAll(feeders);
            s.columns.putAll(columns);
            return s;
        }
    }

    /** A scalar used as a template: syntax checked, every variable it uses defined. Numbers and booleans become text. */
    private String template(Node node, Scope scope) {
        String text = scalar(node, "text");
        if (text == null) {
            return null;
        }
        checkTemplate((ScalarNode) node, text, scope);
        return text;
    }

    private void checkTemplate(ScalarNode node, String text, Scope scope) {
        if (!text.contains("${")) {
            return;
        }
        List<TemplateSyntax.Reference> references;
        try {
            references = TemplateSyntax.references(text);
        } catch (TemplateSyntax.SyntaxException e) {
            error(node, e.offset(), e.getMessage(), "write ${name}, ${feeder.column} or a built-in such as ${random.uuid}");
            return;
        }
        for (TemplateSyntax.Reference ref : references) {
            if (!ref.builtIn() && !scope.defines(ref.expression())) {
                error(node, ref.offset(), "undefined variable '${" + ref.expression() + "}'", undefinedHint(ref.expression(), scope));
            }
        }
    }

    private String undefinedHint(String name, Scope scope) {
        Set<String> known = new TreeSet<>(scope.names);
        known.addAll(TemplateSyntax.BUILT_INS);
        int dot = name.indexOf('.');
        String prefix = dot > 0 ? name.substring(0, dot) : null;
        if (prefix != null && scope.columns.containsKey(prefix)) {
            return "feeder '" + prefix + "' has the columns " + String.join(", ", scope.columns.get(prefix));
        }
        if (prefix != null && !prefix.equals("random") && !prefix.equals("user") && !prefix.equals("timestamp")
                && !scope.names.contains(name)) {
            return "no feeder is named '" + prefix + "'" + (scope.feeders.isEmpty() ? "" : "; feeders: "
                    + String.join(", ", new TreeSet<>(scope.feeders)));
        }
        return Hints.closest(name, known).map(c -> "did you mean '" + c + "'? ").orElse("")
                + "define it in variables:, extract it in an earlier step, or use a feeder column ${feeder.column}";
    }

    private Map<String, String> templateMap(Node node, Scope scope, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null) {
            return map;
        }
        if (!(node instanceof MappingNode m)) {
            error(node, "expected a mapping of " + what + " but got " + describe(node), null);
            return map;
        }
        for (NodeTuple t : entries(m)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            checkTemplate((ScalarNode) t.getKeyNode(), key, scope);
            String value = template(t.getValueNode(), scope);
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    /** A YAML value as a JSON tree (Map, List, String, Long, Double, Boolean, null); strings checked as templates. */
    private Object jsonValue(Node node, Scope scope) {
        switch (node) {
            case ScalarNode s -> {
                Tag tag = s.getTag();
                String v = s.getValue();
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (tag.equals(Tag.BOOL)) {
                    return v.equalsIgnoreCase("true") || Set.of("yes", "on", "y").contains(v.toLowerCase(Locale.ROOT));
                }
                if (tag.equals(Tag.INT)) {
                    try {
                        return Long.parseLong(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        return new java.math.BigInteger(v.replace("_", ""));
                    }
                }
                if (tag.equals(Tag.FLOAT)) {
                    try {
                        return Double.parseDouble(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        error(s, "'" + v + "' is not a number JSON can carry", "quote it to send it as text");
                        return null;
                    }
                }
                checkTemplate(s, v, scope);
                return v;
            }
            case SequenceNode seq -> {
                List<Object> list = new ArrayList<>();
                for (Node n : seq.getValue()) {
                    list.add(jsonValue(n, scope));
                }
                return Collections.unmodifiableList(list);
            }
            case MappingNode m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple t : entries(m)) {
                    map.put(((ScalarNode) t.getKeyNode()).getValue(), jsonValue(t.getValueNode(), scope));
                }
                return Collections.unmodifiableMap(map);
            }
            default -> {
                error(node, "unsupported YAML node " + describe(node), null);
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- errors

    private static boolean isAbsoluteUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String article(String typeName) {
        return ("aeiou".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }

    private static String describe(Node node) {
        return switch (node) {
            case null -> "nothing";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "an empty value";
            case ScalarNode s -> "'" + s.getValue() + "'";
            case SequenceNode s -> "a list";
            case MappingNode m -> "a mapping";
            default -> "'" + node.getNodeId() + "'";
        };
    }

    private void error(Node node, String message, String hint) {
        error(node == null ? null : node.getStartMark(), message, hint);
    }

    /** An error at character {@code offset} of a scalar's value: exact when the scalar is written on one line without escapes. */
    private void error(ScalarNode node, int offset, String message, String hint) {
        Mark start = node.getStartMark();
        Mark end = node.getEndMark();
        int quote = switch (node.getScalarStyle()) {
            case PLAIN -> 0;
            case SINGLE_QUOTED, DOUBLE_QUOTED -> 1;
            default -> -1;
        };
        boolean exact = quote >= 0 && start.getLine() == end.getLine()
                && end.getIndex() - start.getIndex() == node.getValue().length() + 2 * quote;
        int column = start.getColumn() + 1 + (exact ? quote + offset : 0);
        error(start.getLine() + 1, column, message, hint);
    }

    private void error(Mark mark, String message, String hint) {
        if (mark == null) {
            error(1, 1, message, hint);
        } else {
            error(mark.getLine() + 1, mark.getColumn() + 1, message, hint);
        }
    }

    private void error(int line, int column, String message, String hint) {
        errors.add(new ScenarioError(source, line, column, message, hint));
    }
}
