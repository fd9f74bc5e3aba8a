package io.stampede.core.link;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that travels over the coordinator-worker link (WebSocket text frames, one JSON
 * object per frame, discriminated by {@code type}). Workers connect out to the coordinator
 * and present the link token in the handshake's {@code Authorization: Bearer} header, so no
 * message carries a secret.
 *
 * <p>Worker to coordinator: {@link WorkerHello}, {@link Heartbeat}, {@link StatsReport},
 * {@link ShareLimited}, {@link WorkerBye}. Coordinator to worker: {@link HelloAck}, {@link StartLoad},
 * {@link StopLoad}, {@link Reject}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkerHello.class, name = "hello"),
        @JsonSubTypes.Type(value = HelloAck.class, name = "hello-ack"),
        @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
        @JsonSubTypes.Type(value = StartLoad.class, name = "start"),
        @JsonSubTypes.Type(value = StopLoad.class, name = "stop"),
        @JsonSubTypes.Type(value = StatsReport.class, name = "stats"),
        @JsonSubTypes.Type(value = ShareLimited.class, name = "share-limited"),
        @JsonSubTypes.Type(value = WorkerBye.class, name = "bye"),
        @JsonSubTypes.Type(value = Reject.class, name = "reject")
})
public sealed interface LinkMessage
        permits WorkerHello, HelloAck, Heartbeat, StartLoad, StopLoad, StatsReport, ShareLimited, WorkerBye,
        Reject {

    /** Version of this message set; a coordinator rejects a worker that speaks another one. */
    int PROTOCOL_VERSION = 1;
}
