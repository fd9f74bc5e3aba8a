package io.stampede.coordinator.experiment.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The runner's console lines for the page: the last {@link #MAX_LINES}, each cut at
 * {@link #MAX_LINE_LENGTH} characters, so a long suite can't grow it.
 */
final class LogLines extends OutputStream {

    static final int MAX_LINES = 200;
    static final int MAX_LINE_LENGTH = 2000;

    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            lines.addLast(text.length() > MAX_LINE_LENGTH ? text.substring(0, MAX_LINE_LENGTH) + "…" : text);
            while (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
        } else if (line.size() < MAX_LINE_LENGTH * 4) {
            line.write(b);
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
