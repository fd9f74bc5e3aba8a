package io.stampede.coordinator.run;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the run's {@link RunEvent}s to any number of subscribers. Publishing never waits for
 * a subscriber: each subscription gets the events on a thread of its own through a bounded
 * buffer, and one that falls more than {@value #BUFFER} events behind loses the oldest ones
 * (logged), so a slow or stuck observer can't hold up the run loop or the other observers.
 */
public final class RunEvents implements AutoCloseable {

    static final int BUFFER = 256;
    private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

    private final Sinks.Many<RunEvent> sink = Sinks.many().multicast().directBestEffort();

    /** Hands the event to every current subscriber's buffer. */
    public synchronized void publish(RunEvent event) {
        // Serialized by the monitor, so the only failure left is "no subscriber", which is fine.
        sink.tryEmitNext(event);
    }

    /**
     * The events published from the moment of subscription on, delivered in order on a thread
     * named {@code run-events-<subscriber>}.
     */
    public Flux<RunEvent> flux(String subscriber) {
        return Flux.defer(() -> {
            Scheduler thread = Schedulers.newSingle("run-events-" + subscriber, true);
            return sink.asFlux()
                    .onBackpressureBuffer(BUFFER,
                            dropped -> log.warn("Run events: {} is behind; dropped {}", subscriber, dropped),
                            BufferOverflowStrategy.DROP_OLDEST)
                    .publishOn(thread)
                    .doFinally(signal -> thread.dispose());
        });
    }

    /** Calls the handler with every event from now on; a handler's exception is logged and the next event still comes. */
    public Disposable subscribe(String subscriber, Consumer<RunEvent> handler) {
        return flux(subscriber).subscribe(event -> {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                log.error("Run events: {} failed on {}", subscriber, event.getClass().getSimpleName(), e);
            }
        });
    }

    /** Subscriptions open now. */
    public int subscriberCount() {
        return sink.currentSubscriberCount();
    }

    /** Ends every subscription. */
    @Override
    public synchronized void close() {
        sink.tryEmitComplete();
    }
}
