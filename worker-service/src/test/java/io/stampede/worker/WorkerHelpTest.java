package io.stampede.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@code worker-service.jar --help} prints help and exits instead of starting a worker that dials localhost:5557. */
class WorkerHelpTest {

    @Test
    void helpPrintsUsageAndStartsNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            WorkerApplication.main(new String[] {"--coordinator", "10.0.0.1:5557", "--help"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("Usage: java -jar worker-service.jar").contains("--link-token TOKEN")
                .contains("STAMPEDE_COORDINATOR");
        // main returned: no Spring context, no web server, no link client left running.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("stampede-link"));
    }

    @Test
    void everyPropertyTheHelpNamesExists() throws IOException {
        String yaml;
        try (InputStream in = WorkerHelpTest.class.getResourceAsStream("/application.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher named = Pattern.compile("--stampede\\.worker\\.([a-z-]+)=").matcher(WorkerArguments.USAGE);
        int count = 0;
        while (named.find()) {
            count++;
            assertThat(yaml).as("application.yaml has stampede.worker.%s", named.group(1)).contains("    " + named.group(1) + ":");
        }
        assertThat(count).isPositive();
    }
}
