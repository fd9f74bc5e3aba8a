package io.stampede.sample.loadgen;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * CPU and memory load: each loop computes a Fibonacci-style sequence of {@code range} terms
 * (a(0) = 0, a(1) = a random seed, a(k) = a(k-1) + a(k-2)) as BigIntegers and holds every
 * term until the loop ends, so both the arithmetic and the allocation grow with the range.
 * With {@code retain}, the sequences stay referenced after the request, so repeated calls
 * drive the heap to OutOfMemoryError on purpose; without it nothing outlives the request.
 */
@Component
public class LoadGenerator {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ConcurrentLinkedQueue<List<BigInteger>> retained = new ConcurrentLinkedQueue<>();

    LoadGenerator(MeterRegistry registry) {
        Gauge.builder("sample.loadgen.retained.sequences", retained, ConcurrentLinkedQueue::size)
                .description("Sequences kept alive by enableOOM=true requests")
                .register(registry);
    }

    /** Runs the loops; blocking CPU work, so callers keep it off the event loop. */
    public Map<String, Object> run(int count, int range, boolean retain) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("_count", count);
        result.put("_range", range);
        for (int i = 0; i < count; i++) {
            long seed = ThreadLocalRandom.current().nextLong(1, range + 1L);
            List<BigInteger> terms = sequence(seed, range);
            if (retain) {
                retained.add(terms);
            }
            result.put("loop-" + i, new LoopResult(seed, terms.getLast(), memory.getHeapMemoryUsage().getUsed()));
        }
        return result;
    }

    /** Drops what enableOOM requests kept; returns how many sequences were released. */
    public int release() {
        int released = 0;
        while (retained.poll() != null) {
            released++;
        }
        return released;
    }

    public int retainedSequences() {
        return retained.size();
    }

    static List<BigInteger> sequence(long seed, int range) {
        List<BigInteger> terms = new ArrayList<>(range + 1);
        terms.add(BigInteger.ZERO);
        terms.add(BigInteger.valueOf(seed));
        for (int k = 2; k <= range; k++) {
            terms.add(terms.get(k - 1).add(terms.get(k - 2)));
        }
        return terms;
    }
}
