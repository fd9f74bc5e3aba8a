package io.stampede.sample.loadgen;

import java.util.Map;

import io.stampede.sample.SampleProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
class LoadGenController {

    private final LoadGenerator generator;
    private final SampleProperties.LoadGen limits;

    LoadGenController(LoadGenerator generator, SampleProperties properties) {
        this.generator = generator;
        this.limits = properties.loadGen();
    }

    @GetMapping("/load-gen/loop")
    Mono<Map<String, Object>> loop(@RequestParam(defaultValue = "1") int count,
                                   @RequestParam(defaultValue = "1000") int range,
                                   @RequestParam(defaultValue = "false") boolean enableOOM) {
        checkBetween("count", count, 1, limits.maxCount());
        checkBetween("range", range, 2, limits.maxRange());
        // CPU-bound: on boundedElastic so the event loop keeps answering probes meanwhile.
        return Mono.fromCallable(() -> generator.run(count, range, enableOOM))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Releases what enableOOM requests retained (recovers a pod without restarting it). */
    @DeleteMapping("/load-gen/retained")
    Map<String, Integer> release() {
        return Map.of("released", generator.release());
    }

    private static void checkBetween(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    field + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}
