package io.stampede.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SampleWorkloadApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleWorkloadApplication.class, args);
    }
}
