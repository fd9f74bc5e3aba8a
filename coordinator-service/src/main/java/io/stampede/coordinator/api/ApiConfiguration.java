package io.stampede.coordinator.api;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RunLimits.class)
public class ApiConfiguration {

    @Bean
    WebFilter requestBodyLimit(RunLimits limits) {
        return new RequestBodyLimit(limits);
    }
}
