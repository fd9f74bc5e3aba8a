package io.stampede.core.scenario.read;

import io.stampede.core.scenario.DnsStep;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stampede.core.scenario.read.Grammar.DURATION;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.TEMPLATE;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.upperCaseValues;

/** Reads {@code dns:} steps. */
final class DnsStepReader extends ConstructReader {

    private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9_.-]+)(?::(\\d{1,5}))?");

    static final ObjectType GRAMMAR = object("dns", "A DNS lookup, recorded in stats like a request (method DNS); NXDOMAIN and timeouts are failures.")
            .optional("name", STRING, "Stats key; defaults to the query template.")
            .required("query", TEMPLATE, "The name to resolve.")
            .optional("type", upperCaseValues(DnsStep.RecordType.class), "Record type; default A.")
            .optional("server", STRING, "host or host:port of the DNS server; default the system resolver's.")
            .optional("timeout", DURATION, "Query timeout; default the engine's.")
            .build();

    static final StepKind<DnsStep> KIND = StepKind.of(DnsStep.class, "A DNS lookup.", List.of(GRAMMAR),
            (node, scope, context) -> new DnsStepReader(context).dns(node, scope));

    DnsStepReader(ReadContext context) {
        super(context);
    }

    DnsStep dns(Node node, Scope scope) {
        TypedMapping o = nodes.object(node, "dns");
        if (o == null) {
            return null;
        }
        String query = templates.template(o.value("query"), scope);
        DnsStep.RecordType type = nodes.enumValue(o, "type", DnsStep.RecordType.class, DnsStep.RecordType.A);
        String server = nodes.string(o, "server");
        if (server != null) {
            Matcher m = SERVER.matcher(server);
            if (!m.matches() || (m.group(2) != null && (Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535))) {
                nodes.error(o.value("server"), "server must be host or host:port, got '" + server + "'", "10.96.0.10 or 127.0.0.1:5353");
                server = null;
            }
        }
        Duration timeout = nodes.duration(o, "timeout");
        String name = o.has("name") ? nodes.string(o, "name") : query;
        if (query == null || name == null) {
            return null;
        }
        context.statsNames.add(name);
        return new DnsStep(name, query, type, server, timeout);
    }
}
