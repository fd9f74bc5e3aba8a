package io.stampede.sample.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.stampede.sample.SampleWorkloadApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One more sample app in this JVM, on its own port, reached over real HTTP. */
public final class SampleInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private SampleInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts an instance with the given {@code --key=value} arguments on {@code port} (0 = any). */
    public static SampleInstance start(int port, String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
        all.addAll(List.of(args));
        return new SampleInstance(new SpringApplicationBuilder(SampleWorkloadApplication.class)
                .main(SampleWorkloadApplication.class)
                .initializers(SampleInstance::ownNettyResources)
                .run(all.toArray(String[]::new)));
    }

    /**
     * Boot's default ReactorResourceFactory uses Reactor Netty's global event loops and
     * disposes them when its context closes, which would kill every other server in this
     * JVM (the other instances and the cached test contexts): give each its own.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
            var resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        });
    }

    public String baseUrl() {
        return baseUrl;
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Override
    public void close() {
        context.close();
    }
}
