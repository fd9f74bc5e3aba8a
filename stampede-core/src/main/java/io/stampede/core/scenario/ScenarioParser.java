package io.stampede.core.scenario;

import io.stampede.core.scenario.read.ScenarioReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a scenario YAML into the immutable model, checking everything that can be checked
 * before a run: keys, types, durations, templates and the variables they use, JSONPath and
 * regular expressions, references between parts. Every problem is reported with file, line
 * and column, all at once.
 */
public final class ScenarioParser {

    private ScenarioParser() {
    }

    /**
     * Parses scenario text. Feeder files are not looked at (there is no folder to look in).
     *
     * @param sourceName the file name used in error messages
     * @throws ScenarioException listing every problem
     */
    public static Scenario parse(String yamlText, String sourceName) {
        return new ScenarioReader(sourceName, null).read(yamlText);
    }

    /**
     * Parses a scenario file; feeder files must exist beside it.
     *
     * @throws ScenarioException listing every problem, also when the file cannot be read
     */
    public static Scenario parse(Path file) {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(List.of(new ScenarioError(name, 1, 1, "cannot read file: " + e, null)));
        }
        return parse(text, file);
    }

    /**
     * Parses the already read text of {@code file}; feeder files must exist beside it.
     *
     * @throws ScenarioException listing every problem
     */
    public static Scenario parse(String yamlText, Path file) {
        return new ScenarioReader(file.getFileName().toString(), file.toAbsolutePath().getParent()).read(yamlText);
    }

    /**
     * The feeder files of a scenario, read from beside {@code scenarioFile}, keyed by the path
     * written in the scenario: what {@code StartLoad.attachments} carries to workers.
     */
    public static Map<String, String> attachments(Path scenarioFile, Scenario scenario) {
        Path dir = scenarioFile.toAbsolutePath().getParent();
        Map<String, String> files = new LinkedHashMap<>();
        for (Feeder feeder : scenario.feeders().values()) {
            try {
                files.put(feeder.file(), Files.readString(dir.resolve(feeder.file()), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("feeder '" + feeder.name() + "': cannot read " + feeder.file(), e);
            }
        }
        return files;
    }
}
