package io.stampede.sample.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.stampede.sample.SampleWorkloadApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
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
                .run(all.toArray(String[]::new)));
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
