package io.stampede.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpResponseStatus;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real HTTP server on 127.0.0.1 that counts what it served; the engine's target in tests. */
public final class TestTarget implements AutoCloseable {

    public final AtomicLong requests = new AtomicLong();
    public final Set<String> createdIds = ConcurrentHashMap.newKeySet();
    public final List<String> readIds = new CopyOnWriteArrayList<>();
    public final List<String> userPaths = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private final DisposableServer server;

    public TestTarget() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.just("ok"));
                        })
                        .post("/items", (req, res) -> req.receive().aggregate().asString().defaultIfEmpty("")
                                .flatMap(body -> {
                                    requests.incrementAndGet();
                                    String id = Long.toString(nextId.incrementAndGet());
                                    createdIds.add(id);
                                    return res.status(HttpResponseStatus.CREATED)
                                            .header("Content-Type", "application/json")
                                            .header("X-Item", id)
                                            .sendString(Mono.just("{\"Id\":\"" + id + "\",\"Echo\":" + body + "}"))
                                            .then();
                                }))
                        .get("/items/{id}", (req, res) -> {
                            requests.incrementAndGet();
                            String id = req.param("id");
                            readIds.add(id);
                            return res.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"Id\":\"" + id + "\",\"Completed\":false}"));
                        })
                        .get("/users/{id}", (req, res) -> {
                            requests.incrementAndGet();
                            userPaths.add(req.param("id"));
                            return res.sendString(Mono.just("hi"));
                        })
                        .get("/missing", (req, res) -> {
                            requests.incrementAndGet();
                            return res.status(HttpResponseStatus.NOT_FOUND).sendString(Mono.just("no"));
                        }))
                .bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
