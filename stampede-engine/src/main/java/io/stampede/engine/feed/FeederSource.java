package io.stampede.engine.feed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.stampede.core.scenario.Feeder;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * One feeder's rows on this worker (all rows when shared, every n-th when partitioned) and its
 * picking strategy. Thread-safe: every user of the worker draws from the same source.
 */
public final class FeederSource {

    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Feeder feeder;
    private final List<Map<String, String>> rows;
    private final AtomicLong next = new AtomicLong();

    private FeederSource(Feeder feeder, List<Map<String, String>> rows) {
        this.feeder = feeder;
        this.rows = rows;
    }

    /**
     * @param content     the file's text (from {@code StartLoad.attachments})
     * @param workerIndex this worker's position, for partitioned feeders
     * @param workerCount workers sharing the run
     * @throws IllegalArgumentException with the reason when the file cannot be read as rows
     */
    public static FeederSource load(Feeder feeder, String content, int workerIndex, int workerCount) {
        List<Map<String, String>> all = parse(feeder, content);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("feeder '" + feeder.name() + "': " + feeder.file() + " has no rows");
        }
        List<Map<String, String>> mine = all;
        if (feeder.sharing() == Feeder.Sharing.PARTITIONED && workerCount > 1) {
            mine = new ArrayList<>();
            for (int i = workerIndex; i < all.size(); i += workerCount) {
                mine.add(all.get(i));
            }
        }
        return new FeederSource(feeder, List.copyOf(mine));
    }

    private static List<Map<String, String>> parse(Feeder feeder, String content) {
        String file = feeder.file().toLowerCase(Locale.ROOT);
        try {
            if (file.endsWith(".csv")) {
                List<Map<String, String>> rows = new ArrayList<>();
                try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(content)) {
                    while (it.hasNext()) {
                        rows.add(Map.copyOf(it.next()));
                    }
                }
                return rows;
            }
            if (file.endsWith(".json")) {
                List<?> array = JSON.readValue(content, List.class);
                List<Map<String, String>> rows = new ArrayList<>(array.size());
                for (Object item : array) {
                    if (!(item instanceof Map<?, ?> object)) {
                        throw new IllegalArgumentException("feeder '" + feeder.name() + "': " + feeder.file()
                                + " must be an array of objects");
                    }
                    Map<String, String> row = new LinkedHashMap<>();
                    object.forEach((key, value) -> row.put(String.valueOf(key), value == null ? ""
                            : value instanceof Map<?, ?> || value instanceof List<?> ? JSON.writeValueAsString(value)
                            : value.toString()));
                    rows.add(Map.copyOf(row));
                }
                return rows;
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("feeder '" + feeder.name() + "': cannot read " + feeder.file() + ": "
                    + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("feeder '" + feeder.name() + "': " + feeder.file()
                + " is neither .csv nor .json");
    }

    public String name() {
        return feeder.name();
    }

    public int size() {
        return rows.size();
    }

    /** The next row by the feeder's strategy; null when a sequential feeder is exhausted. */
    public Map<String, String> next() {
        Feeder.Strategy strategy = feeder.strategy() == null ? Feeder.Strategy.CIRCULAR : feeder.strategy();
        return switch (strategy) {
            case RANDOM -> rows.get(ThreadLocalRandom.current().nextInt(rows.size()));
            case CIRCULAR -> rows.get((int) (next.getAndIncrement() % rows.size()));
            case SEQUENTIAL -> {
                long index = next.getAndIncrement();
                yield index < rows.size() ? rows.get((int) index) : null;
            }
        };
    }
}
