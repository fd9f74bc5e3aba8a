package io.stampede.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleWorkloadApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleWorkloadApplication.class, args);
    }
}
