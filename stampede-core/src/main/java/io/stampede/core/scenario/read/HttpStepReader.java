package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Expect;
import io.stampede.core.scenario.Extractor;
import io.stampede.core.scenario.HttpBody;
import io.stampede.core.scenario.HttpStep;
import io.stampede.core.scenario.read.Grammar.AnyValue;
import io.stampede.core.scenario.read.Grammar.MapOf;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.OneOfValues;
import io.stampede.core.scenario.read.Grammar.Ref;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.INTEGER;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.union;

/** Reads {@code http:} steps: the request, its {@code expect:} checks and {@code extract:} variables. */
final class HttpStepReader extends ConstructReader {

    static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");
    private static final Pattern STATUS_CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

    static final ObjectType HTTP = object("http", "An HTTP request; recorded in stats under (method, name).")
            .optional("name", STRING, "Stats key; defaults to the path template, so /todo/${id} is one row.")
            .optional("method", new OneOfValues(HTTP_METHODS), "Default GET.")
            .optional("path", TEMPLATE, "Path relative to the host, or an absolute URL.")
            .optional("url", TEMPLATE, "Absolute URL (same as path, for readability).")
            .optional("headers", new MapOf(TEMPLATE), "Request headers.")
            .optional("query", new MapOf(TEMPLATE), "Query parameters, URL-encoded and appended.")
            .optional("json", new AnyValue(), "A JSON body; strings in it are templates.")
            .optional("form", new MapOf(TEMPLATE), "An application/x-www-form-urlencoded body.")
            .optional("body", TEMPLATE, "A raw body.")
            .optional("content_type", STRING, "Content type of a raw body; default text/plain.")
            .optional("timeout", DURATION, "Request timeout; default the engine's.")
            .optional("expect", new Ref("expect"), "What the response must look like; a mismatch is a failure.")
            .optional("extract", new MapOf(union(STRING, new Ref("extractor"))),
                    "Variables taken from the response: a JSONPath string, or {jsonpath|header|regex}.")
            .exactlyOne("path", "url")
            .atMostOne("json", "form", "body")
            .build();

    static final ObjectType EXPECT = object("expect", "Checks on a response; each mismatch is recorded as a failure with the reason.")
            .optional("status", union(INTEGER, STRING, list(union(INTEGER, STRING))),
                    "Accepted statuses: 201, [200, 201], \"200-299\" or \"2xx\"; default: below 400.")
            .optional("body_contains", TEMPLATE, "Text the body must contain.")
            .optional("jsonpath", new MapOf(new AnyValue()), "JSONPath expression to the value it must equal.")
            .build();

    static final ObjectType EXTRACTOR = object("extractor", "Where an extracted variable comes from.")
            .optional("jsonpath", STRING, "A JSONPath on the JSON body, e.g. $.Id.")
            .optional("header", STRING, "A response header's name.")
            .optional("regex", STRING, "A regular expression on the body.")
            .optional("group", INTEGER, "With regex: the group to take; default 1 when the pattern has a group, else 0.")
            .exactlyOne("jsonpath", "header", "regex")
            .build();

    static final StepKind<HttpStep> KIND = StepKind.of(HttpStep.class, "An HTTP request.", List.of(HTTP, EXPECT, EXTRACTOR),
            (node, scope, context) -> new HttpStepReader(context).http(node, scope));

    HttpStepReader(ReadContext context) {
        super(context);
    }

    HttpStep http(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "http");
        if (o == null) {
            return null;
        }
        String method = o.has("method") ? nodes.oneOf(o.value("method"), HTTP_METHODS, "method") : "GET";
        String urlKey = o.has("path") ? "path" : "url";
        String url = o.has(urlKey) ? templates.template(o.value(urlKey), scope) : null;
        if (url != null) {
            boolean absolute = url.startsWith("http://") || url.startsWith("https://");
            if (urlKey.equals("url") && !absolute && !url.startsWith("${")) {
                nodes.error(o.value(urlKey), "url must be an absolute http(s) URL, got '" + url + "'", "use path: for a path on the host");
            } else if (!absolute && !url.startsWith("/") && !url.startsWith("${")) {
                nodes.error(o.value(urlKey), "path must start with / or be an absolute http(s) URL, got '" + url + "'", "/" + url);
            }
        }
        Map<String, String> headers = templates.templateMap(o.value("headers"), scope, "header names to values");
        Map<String, String> query = templates.templateMap(o.value("query"), scope, "parameter names to values");
        HttpBody body = null;
        if (o.has("json")) {
            body = new HttpBody.Json(templates.jsonValue(o.value("json"), scope));
        } else if (o.has("form")) {
            body = new HttpBody.Form(templates.templateMap(o.value("form"), scope, "field names to values"));
        } else if (o.has("body")) {
            String text = templates.template(o.value("body"), scope);
            body = text == null ? null : new HttpBody.Raw(text, nodes.string(o, "content_type"));
        }
        if (o.has("content_type") && !o.has("body")) {
            nodes.error(o.key("content_type"), "content_type applies to a raw 'body' only",
                    "json: and form: set their content type; for others use headers: {Content-Type: ...}");
        }
        Duration timeout = nodes.duration(o, "timeout");
        Expect expect = o.has("expect") ? expect(o.value("expect"), scope) : null;
        Map<String, Extractor> extract = extractors(o.value("extract"), scope);
        String name = o.has("name") ? nodes.string(o, "name") : url;
        if (name == null || url == null || method == null) {
            return null;
        }
        context.statsNames.add(name);
        return new HttpStep(name, method, url, headers, query, body, timeout, expect, extract);
    }

    private Expect expect(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "expect");
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
        String bodyContains = o.has("body_contains") ? templates.template(o.value("body_contains"), scope) : null;
        Map<String, Object> jsonPath = new LinkedHashMap<>();
        Node jp = o.value("jsonpath");
        if (jp instanceof MappingNode m) {
            for (NodeTuple t : nodes.entries(m)) {
                String path = nodes.jsonPath(t.getKeyNode());
                Object expected = templates.jsonValue(t.getValueNode(), scope);
                if (expected instanceof Map<?, ?> || expected instanceof List<?>) {
                    nodes.error(t.getValueNode(), "a jsonpath expectation compares with a single value (text, number, true/false or null)", null);
                } else if (path != null) {
                    jsonPath.put(path, expected == null ? Expect.NULL : expected);
                }
            }
        } else if (jp != null) {
            nodes.error(jp, "expected a mapping of JSONPath to expected value but got " + NodeReader.describe(jp), "jsonpath: {\"$.Completed\": true}");
        }
        return new Expect(status, bodyContains, jsonPath);
    }

    private Expect.StatusRange statusRange(Node node) {
        String text = nodes.scalar(node, "a status code like 200, \"200-299\" or \"2xx\"");
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
            nodes.error(node, "'" + text + "' is not a status code", "201, [200, 201], \"200-299\" or \"2xx\"");
            return null;
        }
        if (from < 100 || to > 599 || from > to) {
            nodes.error(node, "status range " + from + "-" + to + " is outside 100-599 or reversed", null);
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
            nodes.error(node, "expected a mapping of variable names to extractors but got " + NodeReader.describe(node), "extract: {id: \"$.Id\"}");
            return extract;
        }
        for (NodeTuple t : nodes.entries(m)) {
            String var = nodes.variableName(t.getKeyNode());
            Node v = t.getValueNode();
            Extractor e = null;
            if (v instanceof ScalarNode) {
                String path = nodes.jsonPath(v);
                e = path == null ? null : new Extractor.JsonPath(path);
            } else {
                TypedMapping o = nodes.object(v, "extractor");
                if (o != null) {
                    if (o.has("jsonpath")) {
                        String path = nodes.jsonPath(o.value("jsonpath"));
                        e = path == null ? null : new Extractor.JsonPath(path);
                    } else if (o.has("header")) {
                        String h = nodes.string(o, "header");
                        e = h == null ? null : new Extractor.Header(h);
                    } else if (o.has("regex")) {
                        e = regexExtractor(o);
                    }
                    if (o.has("group") && !o.has("regex")) {
                        nodes.error(o.key("group"), "group applies to regex only", null);
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

    private Extractor regexExtractor(TypedMapping o) {
        String regex = nodes.string(o, "regex");
        Pattern p = regex == null ? null : nodes.regex(o.value("regex"), regex);
        if (p == null) {
            return null;
        }
        int groups = p.matcher("").groupCount();
        Integer group = nodes.integer(o, "group");
        if (group == null) {
            group = groups > 0 ? 1 : 0;
        } else if (group < 0 || group > groups) {
            nodes.error(o.value("group"), "the pattern has " + groups + " group(s), so group " + group + " does not exist",
                    "0 is the whole match");
            return null;
        }
        return new Extractor.Regex(regex, group);
    }
}
