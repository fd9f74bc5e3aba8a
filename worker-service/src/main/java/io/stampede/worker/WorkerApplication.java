package io.stampede.worker;

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
        SpringApplication.run(WorkerApplication.class, normalized);
    }
}
