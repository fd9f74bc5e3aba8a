package io.stampede.core.scenario.read;

import io.stampede.core.scenario.Feeder;
import io.stampede.core.scenario.TemplateSyntax;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import org.yaml.snakeyaml.nodes.Node;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.stampede.core.scenario.read.Grammar.NAME;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;
import static io.stampede.core.scenario.read.Grammar.values;

/**
 * Reads {@code feeders:}. When parsing a file, each feeder file must exist beside it, and its
 * columns are remembered so that {@code ${feeder.column}} templates can be checked.
 */
final class FeederReader extends ConstructReader {

    static final ObjectType GRAMMAR = object("feeder", "A CSV (with a header line) or JSON (array of objects) file of test data.")
            .required("name", NAME, "How templates refer to it: ${<name>.<column>}.")
            .required("file", STRING, "Path relative to the scenario file.")
            .optional("strategy", values(Feeder.Strategy.class), "How each user's next row is picked; default circular.")
            .optional("sharing", values(Feeder.Sharing.class), "shared: every worker has every row (default); partitioned: each row goes to exactly one worker.")
            .build();

    /** Columns of the feeders whose file could be read (parsing from a file): ${feeder.column} is checked against them. */
    private final Map<String, Set<String>> columnsByFeeder = new HashMap<>();

    FeederReader(ReadContext context) {
        super(context);
    }

    /** The known columns of each feeder read so far; a feeder missing here accepts any column. */
    Map<String, Set<String>> columns() {
        return columnsByFeeder;
    }

    Map<String, Feeder> feeders(Node node) {
        Map<String, Feeder> feeders = new LinkedHashMap<>();
        for (Node n : nodes.list(node, "a list of feeders")) {
            TypedMapping o = nodes.object(n, "feeder");
            if (o == null) {
                continue;
            }
            String name = nodes.name(o, "name");
            String file = nodes.string(o, "file");
            Feeder.Strategy strategy = nodes.enumValue(o, "strategy", Feeder.Strategy.class, Feeder.Strategy.CIRCULAR);
            Feeder.Sharing sharing = nodes.enumValue(o, "sharing", Feeder.Sharing.class, Feeder.Sharing.SHARED);
            if (file != null) {
                checkFeederFile(o.value("file"), file);
            }
            if (name != null && file != null) {
                if (feeders.containsKey(name)) {
                    nodes.error(o.value("name"), "duplicate feeder name '" + name + "'", "give each feeder its own name");
                } else if (TemplateSyntax.BUILT_INS.stream().anyMatch(b -> b.startsWith(name + "."))) {
                    nodes.error(o.value("name"), "feeder name '" + name + "' clashes with the built-ins ${" + name + ".*}", "choose another name");
                } else {
                    feeders.put(name, new Feeder(name, file, strategy, sharing));
                    Set<String> columns = context.folder == null ? null : readColumns(o.value("file"), context.folder.resolve(file));
                    if (columns != null) {
                        columnsByFeeder.put(name, columns);
                    }
                }
            }
        }
        return feeders;
    }

    /** The column names of a feeder file (CSV header, or the keys of a JSON array's objects); null if unreadable. */
    private Set<String> readColumns(Node node, Path path) {
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
                nodes.error(node, "feeder file " + path.getFileName() + " has no header line", "first line: the column names, e.g. email,password");
                return null;
            }
            return columns;
        }
        try {
            tools.jackson.databind.JsonNode tree = JsonMapper.shared().readTree(text);
            if (!tree.isArray()) {
                nodes.error(node, "feeder file " + path.getFileName() + " must hold a JSON array of objects", "[{\"email\": \"a@x\"}]");
                return null;
            }
            for (tools.jackson.databind.JsonNode row : tree) {
                if (row.isObject()) {
                    columns.addAll(row.propertyNames());
                }
            }
            return columns;
        } catch (RuntimeException e) {
            nodes.error(node, "feeder file " + path.getFileName() + " is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), null);
            return null;
        }
    }

    private void checkFeederFile(Node node, String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".json")) {
            nodes.error(node, "feeder file must be .csv or .json, got '" + file + "'", "CSV with a header line, or a JSON array of objects");
            return;
        }
        Path p = Path.of(file);
        if (p.isAbsolute() || p.normalize().startsWith("..")) {
            nodes.error(node, "feeder file must be a relative path inside the scenario's folder, got '" + file + "'",
                    "put the file beside the scenario; it is sent to workers with it");
            return;
        }
        if (context.folder != null && !Files.isRegularFile(context.folder.resolve(p))) {
            nodes.error(node, "feeder file not found: " + context.folder.resolve(p), "feeder files are read relative to the scenario file");
        }
    }
}
