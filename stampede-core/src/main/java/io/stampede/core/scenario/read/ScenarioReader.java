package io.stampede.core.scenario.read;

import io.stampede.core.load.LoadSpec;
import io.stampede.core.scenario.Feeder;
import io.stampede.core.scenario.HttpSettings;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioError;
import io.stampede.core.scenario.ScenarioException;
import io.stampede.core.scenario.Step;
import io.stampede.core.scenario.Threshold;
import io.stampede.core.scenario.UserClass;
import io.stampede.core.scenario.read.Grammar.ListOf;
import io.stampede.core.scenario.read.Grammar.MapOf;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.Ref;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.stampede.core.scenario.read.Grammar.STEPS;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;

/**
 * Reads one scenario: composes SnakeYAML's node tree (which keeps line and column of every
 * value) and walks it with one reader per construct, collecting every error. Use it through
 * {@link io.stampede.core.scenario.ScenarioParser}.
 */
public final class ScenarioReader {

    static final String ROOT = "scenario";

    static final ObjectType GRAMMAR = object(ROOT, "A Stampede load test: user classes, their tasks and steps.")
            .required("name", STRING, "Shown in the UI, reports and history.")
            .optional("host", STRING, "Base URL for relative paths, e.g. http://127.0.0.1:8080; --host overrides it.")
            .optional("variables", new MapOf(TEMPLATE), "Constant variables every user starts with.")
            .optional("feeders", list(new Ref("feeder")), "Test data files beside the scenario; each row's columns become ${feeder.column}.")
            .optional("setup", STEPS, "Steps run exactly once per run before any user starts; their extracted variables are visible to every user.")
            .optional("teardown", STEPS, "Steps run exactly once per run after every user stopped.")
            .required("users", new ListOf(new Ref("user"), 1, Integer.MAX_VALUE), "User classes, picked by weight.")
            .optional("load", new Ref("load"), "The workload model: users (closed) or an arrival rate (open); the command line overrides it.")
            .optional("thresholds", list(new Ref("threshold")), "Pass/fail criteria checked at the end of the run; a breach makes a headless run exit 1.")
            .optional("http", new Ref("http_settings"), "How HTTP requests connect: compression, proxy, TLS (client certificate, trust, insecure), HTTP version (1.1 or 2).")
            .build();

    /** Characters a scenario text may have (SnakeYAML's codePointLimit). */
    static final int CODE_POINT_LIMIT = 3 * 1024 * 1024;

    private final ReadContext context;
    private final NodeReader nodes;
    private final TemplateChecker templates;

    public ScenarioReader(String source, Path folder) {
        this.context = new ReadContext(source, folder);
        this.nodes = context.nodes;
        this.templates = context.templates;
    }

    /** @throws ScenarioException listing every problem, sorted by position */
    public Scenario read(String text) {
        Node root = compose(text);
        Scenario scenario = root == null ? null : scenario(root);
        List<ScenarioError> errors = nodes.errors();
        if (!errors.isEmpty() || scenario == null) {
            if (errors.isEmpty()) {
                nodes.error(1, 1, "the scenario is empty", "start with 'name:' and 'users:'");
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
        // SnakeYAML's default, stated: the coordinator's body limits keep pasted scenarios far below it.
        options.setCodePointLimit(CODE_POINT_LIMIT);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            return root == null || ExpansionBudget.check(root, nodes) ? root : null;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext();
            nodes.error(mark, "invalid YAML: " + problem, context == null ? "check indentation and quoting" : context);
            return null;
        } catch (YAMLException e) {
            nodes.error(1, 1, "invalid YAML: " + e.getMessage(), null);
            return null;
        }
    }

    private Scenario scenario(Node root) {
        TypedMapping o = nodes.object(root, ROOT);
        if (o == null) {
            return null;
        }
        String name = nodes.string(o, "name");
        String host = nodes.string(o, "host");
        if (host != null && !isAbsoluteUrl(host)) {
            nodes.error(o.value("host"), "host must be an absolute http(s) URL, got '" + host + "'", "e.g. http://127.0.0.1:8080");
        }

        Scope runScope = new Scope();
        Map<String, String> variables = variables(o.value("variables"), runScope);
        FeederReader feederReader = new FeederReader(context);
        Map<String, Feeder> feeders = feederReader.feeders(o.value("feeders"));

        List<Step> setup = context.steps(o.value("setup"), runScope);
        Scope userBase = runScope.copy();
        userBase.feeders.addAll(feeders.keySet());
        userBase.columns.putAll(feederReader.columns());
        UserReader userReader = new UserReader(context);
        List<UserClass> users = new ArrayList<>();
        Set<String> userNames = new HashSet<>();
        for (Node n : nodes.list(o.value("users"), "a list of user classes")) {
            UserClass u = userReader.user(n, userBase.copy());
            if (u != null) {
                if (!userNames.add(u.name())) {
                    nodes.error(n, "duplicate user class name '" + u.name() + "'", "give each user class its own name");
                }
                users.add(u);
            }
        }
        List<Step> teardown = context.steps(o.value("teardown"), runScope.copy());
        ThresholdReader thresholdReader = new ThresholdReader(context);
        List<Threshold> thresholds = new ArrayList<>();
        for (Node n : nodes.list(o.value("thresholds"), "a list of thresholds")) {
            Threshold t = thresholdReader.threshold(n);
            if (t != null) {
                thresholds.add(t);
            }
        }
        LoadSpec load = new LoadReader(context).load(o.value("load"));
        if (name == null) {
            return null;
        }
        HttpSettings http = new HttpSettingsReader(context).settings(o.value("http"));
        return new Scenario(name, host, users, setup, teardown, feeders, variables, thresholds, load, http);
    }

    private Map<String, String> variables(Node node, Scope scope) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (node == null) {
            return variables;
        }
        if (!(node instanceof MappingNode m)) {
            nodes.error(node, "expected a mapping of variable names to values but got " + NodeReader.describe(node), "variables: {base: /api}");
            return variables;
        }
        for (NodeTuple t : nodes.entries(m)) {
            String key = nodes.variableName(t.getKeyNode());
            String value = templates.template(t.getValueNode(), scope);
            if (key != null && value != null) {
                variables.put(key, value);
                scope.names.add(key);
            }
        }
        return variables;
    }

    private static boolean isAbsoluteUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
