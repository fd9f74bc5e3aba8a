package io.stampede.sample.todo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.ConnectionFactory;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Creates the schema on start. A database that is down doesn't fail the start (a pod
 * would crash-loop): the first attempt is awaited, so a healthy start is ready at once;
 * after a failed one it keeps retrying in the background while {@code /ready} answers 503.
 */
@Component
public class SchemaInitializer implements ApplicationListener<ApplicationStartedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SchemaInitializer.class);
    private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(10);

    private final ConnectionFactory connectionFactory;
    private volatile boolean created;
    private volatile Disposable running;

    SchemaInitializer(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** True once the schema exists. */
    public boolean created() {
        return created;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        var populator = new ResourceDatabasePopulator(new ClassPathResource("db/schema.sql"));
        var firstAttempt = new CountDownLatch(1);
        running = populator.populate(connectionFactory)
                .doOnError(e -> {
                    log.warn("schema not created yet, database unreachable? {}", e.getMessage());
                    firstAttempt.countDown();
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(2)))
                .doOnSuccess(v -> {
                    created = true;
                    log.info("schema ready");
                    firstAttempt.countDown();
                })
                .subscribe();
        try {
            if (!firstAttempt.await(FIRST_ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("no answer from the database after {}; serving anyway", FIRST_ATTEMPT_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }
}
