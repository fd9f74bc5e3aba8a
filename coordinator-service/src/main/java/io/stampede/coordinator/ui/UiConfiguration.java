package io.stampede.coordinator.ui;

import io.stampede.coordinator.cli.LaunchOptions;
import io.stampede.coordinator.run.RunCoordinator;
import java.nio.file.Path;
import java.net.URI;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.RequestPath;
import org.springframework.web.server.WebFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScenarioCatalogProperties.class)
public class UiConfiguration {

    @Bean
    LiveFeed liveFeed(RunCoordinator run) {
        return new LiveFeed(run);
    }

    /**
     * With --web-base-path, /prefix (no trailing slash) redirects to /prefix/: the page's URLs
     * are relative, so they need the slash (index.html also fixes it for stripping proxies).
     */
    @Bean
    WebFilter basePathSlashRedirect() {
        return (exchange, chain) -> {
            RequestPath path = exchange.getRequest().getPath();
            if (path.contextPath().value().isEmpty() || !path.pathWithinApplication().value().isEmpty()) {
                return chain.filter(exchange);
            }
            String query = exchange.getRequest().getURI().getRawQuery();
            exchange.getResponse().setStatusCode(HttpStatus.FOUND);
            exchange.getResponse().getHeaders().setLocation(
                    URI.create(path.contextPath().value() + "/" + (query == null ? "" : "?" + query)));
            return exchange.getResponse().setComplete();
        };
    }

    /** Without a scenario directory, the -f file's siblings are offered: the usual repo layout keeps them together. */
    @Bean
    ScenarioCatalog scenarioCatalog(RunCoordinator run, ScenarioCatalogProperties properties, LaunchOptions launchOptions) {
        Path dir = properties.scenarioDir();
        if (dir == null && launchOptions.scenarioFile() != null) {
            dir = launchOptions.scenarioFile().toAbsolutePath().getParent();
        }
        return new ScenarioCatalog(run, dir);
    }
}
