package io.stampede.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * application.yaml is the one place of the worker's defaults: every {@code stampede.worker.*}
 * property is there, with a comment saying what it is.
 */
class WorkerConfigurationFileTest {

    @Test
    void everyWorkerPropertyHasACommentedDefaultInApplicationYaml() throws Exception {
        String text;
        try (InputStream in = WorkerConfigurationFileTest.class.getResourceAsStream("/application.yaml")) {
            assertThat(in).as("application.yaml on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> root = new Yaml().load(text);
        @SuppressWarnings("unchecked")
        Map<String, Object> worker = (Map<String, Object>) ((Map<String, Object>) root.get("stampede")).get("worker");
        List<String> lines = text.lines().toList();
        for (RecordComponent component : WorkerProperties.class.getRecordComponents()) {
            String key = kebab(component.getName());
            assertThat(worker).as("stampede.worker." + key).containsKey(key);
            int line = indexOfKey(lines, key);
            assertThat(lines.get(line - 1).strip()).as("the line above stampede.worker." + key).startsWith("#");
        }
        assertThat(worker).as("no entry without a property").hasSameSizeAs(WorkerProperties.class.getRecordComponents());
    }

    private static int indexOfKey(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(key + ":")) {
                return i;
            }
        }
        throw new AssertionError(key + " not found");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
