package io.stampede.coordinator.ui;

import io.stampede.coordinator.run.RunCoordinator;
import io.stampede.coordinator.run.ScenarioSource;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioError;
import io.stampede.core.scenario.ScenarioException;
import io.stampede.core.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scenarios the start form offers: the one the coordinator was launched with ({@code -f},
 * or the built-in GET / when none) and every YAML file of the scenario directory. Files are
 * read on each call, so a scenario dropped into the directory shows up without a restart.
 */
public class ScenarioCatalog {

    /** Id of the launch scenario. */
    public static final String LAUNCH = "launch";
    static final String FILE_PREFIX = "file:";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.ya?ml");

    private final RunCoordinator run;
    private final Path dir;

    public ScenarioCatalog(RunCoordinator run, Path dir) {
        this.run = run;
        this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
    }

    /** The directory of the offered scenario files; null when there is none. */
    public Path dir() {
        return dir;
    }

    /**
     * One choice of the picker.
     *
     * @param id     what the start request names ({@code launch} or {@code file:<name>})
     * @param file   the file name, null for the built-in scenario
     * @param errors problems of an invalid file (then it cannot be started)
     */
    public record Entry(String id, String name, String file, String host, String description, boolean valid,
                        List<ScenarioError> errors) {
    }

    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        ScenarioSource launch = run.launchScenario();
        entries.add(new Entry(LAUNCH, launch.scenario().name(), launch.yaml() == null ? null : launch.name(),
                run.defaultHost(), launch.yaml() == null ? "every user does GET / on the host" : "launch scenario (-f)",
                true, List.of()));
        for (Path file : files()) {
            String name = file.getFileName().toString();
            if (isLaunchFile(launch, file)) {
                continue; // already offered as the launch scenario
            }
            try {
                Scenario scenario = ScenarioParser.parse(file);
                entries.add(new Entry(FILE_PREFIX + name, scenario.name(), name, scenario.host(), describe(scenario), true,
                        List.of()));
            } catch (ScenarioException e) {
                entries.add(new Entry(FILE_PREFIX + name, name, name, null, "invalid: " + e.errors().size() + " problem(s)",
                        false, e.errors()));
            }
        }
        return entries;
    }

    /**
     * The scenario a start request names.
     *
     * @return empty when there is no such choice
     * @throws ScenarioException when the file is not a valid scenario (any more)
     */
    public Optional<ScenarioSource> resolve(String id) {
        if (id == null || id.isBlank() || LAUNCH.equals(id)) {
            return Optional.of(run.launchScenario());
        }
        if (!id.startsWith(FILE_PREFIX)) {
            return Optional.empty();
        }
        String name = id.substring(FILE_PREFIX.length());
        return files().stream().filter(f -> f.getFileName().toString().equals(name)).findFirst().map(ScenarioCatalog::load);
    }

    /**
     * A pasted or uploaded scenario.
     *
     * @throws ScenarioException listing every problem with line and column
     */
    public static ScenarioSource parse(String yaml, String sourceName) {
        Scenario scenario = ScenarioParser.parse(yaml, sourceName);
        return new ScenarioSource(sourceName, yaml, scenario, Map.of());
    }

    private static boolean isLaunchFile(ScenarioSource launch, Path file) {
        try {
            return launch.yaml() != null && launch.name().equals(file.getFileName().toString())
                    && launch.yaml().equals(Files.readString(file));
        } catch (IOException e) {
            return false;
        }
    }

    static String describe(Scenario scenario) {
        int tasks = scenario.users().stream().mapToInt(u -> u.tasks().size()).sum();
        return scenario.users().size() + " user class(es), " + tasks + " task(s)";
    }

    private static ScenarioSource load(Path file) {
        try {
            return ScenarioSource.fromFile(file);
        } catch (java.io.UncheckedIOException e) {
            throw new ScenarioException(List.of(new ScenarioError(file.getFileName().toString(), 1, 1,
                    e.getMessage() + ": " + e.getCause().getMessage(), null)));
        }
    }

    /** Only plain YAML file names directly in the directory: nothing a request could traverse out of. */
    private List<Path> files() {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                if (FILE_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        return files;
    }
}
