package io.stampede.coordinator.ui;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** {@code GET /api/stream}: the live view as Server-Sent Events, one {@code live} event a second. */
@RestController
public class StreamController {

    private final LiveFeed feed;

    public StreamController(LiveFeed feed) {
        this.feed = feed;
    }

    @GetMapping(value = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<LiveMessage>> stream() {
        return feed.stream().map(message -> ServerSentEvent.builder(message).event("live").build());
    }
}
