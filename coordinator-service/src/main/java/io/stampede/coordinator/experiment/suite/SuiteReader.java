package io.stampede.coordinator.experiment.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stampede.coordinator.experiment.suite.SuiteNode.Member;
import io.stampede.coordinator.experiment.suite.SuiteNode.Sequence;
import io.stampede.coordinator.experiment.topology.BackendsMap;

/**
 * Reads and validates a suite file: the App Mesh harness's {@code config.json} as it is, or
 * the YAML form (same keys, plus {@code name}, {@code defaults} and per-test knobs). A
 * {@code .json} file is read as JSON, anything else as YAML. Every problem is reported at
 * once, each with {@code file:line:column} and its key; nothing runs before the suite is valid.
 */
public final class SuiteReader {

    /**
     * The harness's App Mesh settings (TLS, routes, replicas, connectivity checks): its Go driver
     * reads them into the mesh it builds. Accepted so its config.json reads as it is, and ignored:
     * the topology here is plain sample-workload Services.
     */
    static final Set<String> MESH_KEYS = Set.of("isTLSEnabled", "ismTLSEnabled", "RoutesCountPerVirtualRouter",
            "BackendsCountPerVirtualNode", "ReplicasPerVirtualNode", "ConnectivityCheckPerURL");
    static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "defaults", "load_tests", "metrics", "backends_map"));

    static {
        KEYS.addAll(new java.util.TreeSet<>(MESH_KEYS));
    }

    private SuiteReader() {
    }

    /**
     * @throws SuiteException       when the suite is not valid (every problem)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Suite read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String fileName = file.getFileName().toString();
        boolean json = fileName.toLowerCase(Locale.ROOT).endsWith(".json");
        return read(text, file.toString(), json, file.toAbsolutePath().getParent());
    }

    /**
     * @param source   the name errors show (the file's path)
     * @param baseDir  where {@code scenario:} paths are relative to
     */
    public static Suite read(String text, String source, boolean json, Path baseDir) {
        return read(text, source, json, baseDir, new SuiteReading());
    }

    /**
     * As {@link #read(String, String, boolean, Path)} for a suite from a browser: its
     * {@code scenario:} files must be inside {@code scenarioDir} (none may be named when it is
     * null), and one outside is an error without being read, so a suite can't read the server's files.
     */
    public static Suite readConfined(String text, String source, boolean json, Path scenarioDir) {
        return read(text, source, json, scenarioDir == null ? null : scenarioDir.toAbsolutePath().normalize(),
                new SuiteReading(true));
    }

    private static Suite read(String text, String source, boolean json, Path baseDir, SuiteReading reading) {
        SuiteNode root = json ? SuiteTrees.json(text, source) : SuiteTrees.yaml(text, source);
        Map<String, Member> top = reading.mapping(root, "suite", KEYS);
        Suite suite = top == null ? null : suite(top, root, source, baseDir, reading);
        if (!reading.errors().isEmpty() || suite == null) {
            List<SuiteError> errors = new ArrayList<>(reading.errors());
            errors.sort(java.util.Comparator.comparingInt((SuiteError e) -> e.position().line())
                    .thenComparingInt(e -> e.position().column()));
            throw new SuiteException(errors);
        }
        return suite;
    }

    private static Suite suite(Map<String, Member> top, SuiteNode root, String source, Path baseDir, SuiteReading reading) {
        String name = top.containsKey("name") ? reading.string(top.get("name").value(), "name") : defaultName(source);
        if (name != null && !SafeName.isSafe(name)) {
            reading.error(top.get("name").value().position(), "name", SafeName.RULE);
        }
        TestDefaults defaults = top.containsKey("defaults")
                ? TestDefaultsReader.read(top.get("defaults").value(), reading) : TestDefaults.NONE;
        Map<String, String> metrics = top.containsKey("metrics")
                ? MetricsReader.read(top.get("metrics").value(), reading) : Map.of();
        BackendsMap backends = top.containsKey("backends_map")
                ? BackendsMapReader.read(top.get("backends_map").value(), reading) : null;
        List<SuiteEntry> entries = new ArrayList<>();
        if (!top.containsKey("load_tests")) {
            reading.error(root.position(), "load_tests", "missing: the list of tests to run"
                    + " ({\"test_name\": ..., \"url\": ..., \"qps\": ..., \"t\": ..., \"c\": ...})");
        } else if (!(top.get("load_tests").value() instanceof Sequence tests) || tests.items().isEmpty()) {
            reading.error(top.get("load_tests").value().position(), "load_tests", "expected a non-empty list of tests but got "
                    + SuiteNode.describe(top.get("load_tests").value()));
        } else {
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < tests.items().size(); i++) {
                SuiteNode item = tests.items().get(i);
                String key = "load_tests[" + i + "]";
                SuiteEntry test = LoadTestReader.read(item, key, defaults, baseDir, reading);
                if (test != null) {
                    Integer first = names.putIfAbsent(test.testName(), item.position().line());
                    if (first != null) {
                        reading.error(item.position(), key + ".test_name", "'" + test.testName()
                                + "' is used twice (first at line " + first + "): results of both would mix in one directory");
                    }
                    entries.add(test);
                }
            }
        }
        return name == null ? null : new Suite(name, source, entries, metrics, backends);
    }

    /** The file name without its extension: the harness's suites have no name of their own. */
    static String defaultName(String source) {
        String fileName = Path.of(source).getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
