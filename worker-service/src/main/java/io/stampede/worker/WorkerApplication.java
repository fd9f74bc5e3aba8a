package io.stampede.worker;

import io.netty.util.ResourceLeakDetector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    public static void main(String[] args) {
        if (WorkerArguments.wantsHelp(args)) {
            System.out.print(WorkerArguments.USAGE);
            return;
        }
        String[] normalized;
        try {
            normalized = WorkerArguments.normalize(args);
        } catch (IllegalArgumentException e) {
            System.err.println("worker-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        withoutLeakSampling();
        SpringApplication.run(WorkerApplication.class, normalized);
    }

    /** Netty's own switch; set, it wins over the worker's default. */
    static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    /**
     * Turns off Netty's buffer leak sampling unless {@value #LEAK_DETECTION_PROPERTY} asks for it.
     * Its default samples one buffer in 128 and records a stack trace at its allocation and at its
     * release: with one buffer per response that was 1.4-2.3 % of a worker's CPU at 65,000
     * requests a second (perf, docs/performance.md item 10). The engine's tests keep Netty's
     * default, so a leak in the client still shows there.
     */
    static void withoutLeakSampling() {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
