package io.stampede.engine.http.client;

import static io.stampede.engine.http.client.RawServer.ok;
import static io.stampede.engine.http.client.RawServer.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.stampede.engine.http.client.ClientFixture.Call;
import io.stampede.engine.http.client.ClientFixture.Response;
import io.stampede.testing.Await;

/**
 * The client against a scripted socket server that controls every byte and close: HTTP/1.0,
 * HEAD, interim responses, stale keep-alive connections, timeouts, cancel, broken responses.
 */
class Http1ClientFaultTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private ClientFixture fixture = track(ClientFixture.withDefaults());
    private RawServer server;

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private RawServer serve(RawServer.Script script) throws Exception {
        server = track(new RawServer(script));
        return server;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private Response get(String path) throws Exception {
        return fixture.exchange(fixture.get(server.url(path)));
    }

    @Test
    void aHeadResponseAnnouncingABodyCompletesWithoutOneAndTheConnectionIsReused() throws Exception {
        serve(c -> {
            RawServer.Request head = c.readRequest();
            c.write("HTTP/1.1 200 OK\r\ncontent-length: 1234\r\ncontent-type: text/plain\r\n\r\n");
            if (!head.method().equals("HEAD")) {
                throw new AssertionError("expected HEAD, got " + head.method());
            }
            c.serveAll(ok("after head"));
        });
        Response head = fixture.exchange(fixture.request("HEAD", server.url("/h"), null, null));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("content-length")).isEqualTo("1234");
        assertThat(head.length()).isZero();
        assertThat(head.body()).isEmpty();

        assertThat(get("/next").text()).isEqualTo("after head");
        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(server.errors()).isEmpty();
    }

    @Test
    void interimResponsesBeforeTheFinalOneAreSkipped() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.1 100 Continue\r\n\r\n");
            Thread.sleep(20);
            c.write("HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 5\r\n\r\nfinal");
            c.serveAll(ok("again"));
        });
        Response response = fixture.exchange(fixture.request("POST", server.url("/c"), "x".getBytes(StandardCharsets.UTF_8), "text/plain"));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.text()).isEqualTo("final");
        assertThat(response.headers().contains("link")).isFalse();
        assertThat(get("/again").text()).isEqualTo("again");
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void responsesWithoutBodyComplete() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.1 204 No Content\r\n\r\n");
            c.readRequest();
            c.write("HTTP/1.1 304 Not Modified\r\ncontent-length: 99\r\n\r\n");
            c.serveAll(ok("third"));
        });
        assertThat(get("/a").status()).isEqualTo(204);
        Response notModified = get("/b");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.length()).isZero();
        assertThat(get("/c").text()).isEqualTo("third");
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void anHttp10ResponseWithoutKeepAliveIsNotReused() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.0 200 OK\r\ncontent-length: 4\r\n\r\nv1.0");
            // The server leaves it open: the client must close it, and not send on it again.
            if (c.readRequest() != null) {
                throw new AssertionError("a second request on an HTTP/1.0 connection");
            }
        });
        Response first = get("/one");
        assertThat(first.text()).isEqualTo("v1.0");
        assertThat(first.head().protocolVersion().text()).isEqualTo("HTTP/1.0");
        assertThat(get("/two").text()).isEqualTo("v1.0");
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).as("the client closed connection #0").isTrue();
        assertThat(server.errors()).isEmpty();
    }

    @Test
    void anHttp10ResponseWithKeepAliveIsReused() throws Exception {
        serve(c -> c.serveAll("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\nka"));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/ka").text()).isEqualTo("ka");
        }
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void aBodyReadUntilTheConnectionClosesIsAggregatedExactly() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil ");
            Thread.sleep(20);
            c.write("close: ü");
            c.close();
        });
        Response response = get("/eof");
        assertThat(response.text()).isEqualTo("until close: ü");
        assertThat(response.length()).isEqualTo("until close: ü".getBytes(StandardCharsets.UTF_8).length);

        Response unaggregated = fixture.send(fixture.get(server.url("/eof")), false, ClientFixture.WAIT).response();
        assertThat(unaggregated.body()).isNull();
        assertThat(unaggregated.length()).isEqualTo(response.length());
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    /** The server closes a keep-alive connection just as the next request goes out (its idle timeout). */
    @ParameterizedTest(name = "closed with {0} on {1}")
    @CsvSource({"FIN, NIO", "RST, NIO", "FIN, EPOLL", "RST, EPOLL"})
    void anIdempotentRequestOnAConnectionTheServerClosedIsRetriedOnce(String close, ClientFixture.Transport transport)
            throws Exception {
        fixture = track(new ClientFixture(Http1ClientSettings.defaults(8), transport));
        serve(c -> {
            if (c.index == 0) {
                c.readRequest();
                c.write(ok("first"));
                c.readRequest(); // read it all, so that a plain close sends a FIN, not a reset
                c.closeWith(close);
            } else {
                c.serveAll(ok("retried"));
            }
        });
        assertThat(get("/a").text()).isEqualTo("first");
        assertThat(get("/b").text()).isEqualTo("retried");
        assertThat(server.requests).extracting(RawServer.Request::target).containsExactly("/a", "/b", "/b");
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(server.errors()).isEmpty();
    }

    @ParameterizedTest(name = "closed with {0} on {1}")
    @CsvSource({"FIN, NIO", "RST, NIO", "FIN, EPOLL", "RST, EPOLL"})
    void aPostOnAConnectionTheServerClosedIsNotRetried(String close, ClientFixture.Transport transport) throws Exception {
        fixture = track(new ClientFixture(Http1ClientSettings.defaults(8), transport));
        serve(c -> {
            c.readRequest();
            c.write(ok("first"));
            c.readRequest();
            c.closeWith(close);
        });
        assertThat(get("/a").text()).isEqualTo("first");
        Throwable failure = fixture.failure(fixture.request("POST", server.url("/order"), "buy".getBytes(StandardCharsets.UTF_8),
                "text/plain"), Duration.ofSeconds(5));
        if (close.equals("FIN")) {
            assertThat(failure).isInstanceOf(Http1Exception.ConnectionClosed.class);
        } else {
            assertThat(failure).isInstanceOf(java.io.IOException.class).hasMessageContaining("Connection reset");
        }
        assertThat(server.requests).extracting(RawServer.Request::method).containsExactly("GET", "POST");
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionTheServerClosedLeavesThePool() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write(ok("then bye")); // no Connection: close, the server just closes (its idle timeout)
            c.close();
        });
        assertThat(get("/a").text()).isEqualTo("then bye");
        Await.until("no open connection", Duration.ofSeconds(5), () -> fixture.openConnections(server.url("/")) == 0);
        assertThat(fixture.openConnections()).isZero();
        assertThat(get("/b").text()).isEqualTo("then bye");
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void aConnectionClosedMidBodyFailsWithoutRetry() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten b");
            c.close();
        });
        Throwable failure = fixture.failure(fixture.get(server.url("/cut")), Duration.ofSeconds(5));
        assertThat(failure).isInstanceOf(Http1Exception.ConnectionClosed.class);
        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void noResponseTimesOutClosesTheConnectionAndThePoolStaysUsable() throws Exception {
        serve(c -> {
            if (c.index == 0) {
                c.readRequest();
                c.awaitClientClose(); // never answers
            } else {
                c.serveAll(ok("alive"));
            }
        });
        Throwable failure = fixture.failure(fixture.get(server.url("/hang")), Duration.ofMillis(300));
        assertThat(failure).isInstanceOf(Http1Exception.Timeout.class).hasMessage("no response within 300 ms");
        assertThat(((Http1Exception.Timeout) failure).timeoutNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).as("the timed-out connection is closed").isTrue();

        assertThat(get("/next").text()).isEqualTo("alive");
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(fixture.openConnections(server.url("/"))).isEqualTo(1);
    }

    @Test
    void stuckRequestsTimeOutNeverEarlyAndAtMostATickLateWhateverTheirTimeout() throws Exception {
        serve(c -> {
            c.readRequest();
            c.awaitClientClose(); // never answers
        });
        int requests = 20;
        List<Call> calls = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Long>> heardAt = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            // Two timeouts interleaved: two deadline queues on the one loop.
            Call call = fixture.send(fixture.get(server.url("/stuck" + i)), true, Duration.ofMillis(i % 2 == 0 ? 200 : 350));
            calls.add(call);
            // Registered long before the deadline, so it runs on the loop as the failure is heard.
            heardAt.add(call.outcome().handle((response, failure) -> System.nanoTime()));
        }
        // 50 ms on top of the tick: the loop thread itself may be scheduled late on a busy machine.
        long latest = ExchangeDeadlines.TICK_NANOS + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < requests; i++) {
            assertThat(calls.get(i).failure()).isInstanceOf(Http1Exception.Timeout.class)
                    .hasMessage(i % 2 == 0 ? "no response within 200 ms" : "no response within 350 ms");
            long late = heardAt.get(i).join() - calls.get(i).exchange().deadlineNanos;
            assertThat(late).as("request %d: timed out %d µs after its deadline", i, late / 1000)
                    .isBetween(0L, latest);
        }
        assertThat(fixture.client.exchangesAwaitingTimeout()).as("no exchange left in a deadline queue").isZero();
    }

    @Test
    void aResponseThatStopsMidBodyTimesOut() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n");
            c.awaitClientClose();
        });
        Throwable failure = fixture.failure(fixture.get(server.url("/stall")), Duration.ofMillis(300));
        assertThat(failure).isInstanceOf(Http1Exception.Timeout.class);
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCancelledExchangeIsNeverHeardOfAgainAndItsConnectionIsClosed() throws Exception {
        serve(c -> {
            if (c.index == 0) {
                c.readRequest();
                c.awaitClientClose();
            } else {
                c.serveAll(ok("after cancel"));
            }
        });
        long sent = System.nanoTime();
        Call call = fixture.send(fixture.get(server.url("/slow")), true, Duration.ofMillis(1000));
        server.nextRequest();
        call.exchange().cancel();
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).as("the cancelled connection is closed").isTrue();
        // Past the exchange's timeout: still nothing (the timeout was cancelled too).
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(sent + TimeUnit.MILLISECONDS.toNanos(1200) - System.nanoTime())));
        assertThat(call.calls().get()).isZero();
        assertThat(call.outcome()).isNotDone();
        assertThat(fixture.client.exchangesAwaitingTimeout()).as("the cancelled exchange left its deadline queue").isZero();

        assertThat(get("/next").text()).isEqualTo("after cancel");
        assertThat(fixture.openConnections(server.url("/"))).isEqualTo(1);
        call.exchange().cancel(); // again, after the fact: harmless
    }

    @Test
    void aCancelledExchangeWaitingForAConnectionLeavesTheQueue() throws Exception {
        try (ClientFixture single = new ClientFixture(ClientFixture.settings(1, Duration.ofSeconds(30), 10))) {
            serve(c -> {
                RawServer.Request first = c.readRequest();
                Thread.sleep(100);
                c.write(ok("served " + first.target()));
                c.serveAll(ok("served later"));
            });
            Call first = single.send(single.get(server.url("/first")), true, ClientFixture.WAIT);
            Call queued = single.send(single.get(server.url("/queued")), true, ClientFixture.WAIT);
            server.nextRequest();
            queued.exchange().cancel();
            assertThat(first.response().text()).isEqualTo("served /first");
            assertThat(single.exchange(single.get(server.url("/third"))).text()).isEqualTo("served later");
            assertThat(server.requests).extracting(RawServer.Request::target).containsExactly("/third");
            assertThat(queued.calls().get()).isZero();
            assertThat(server.accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWaitingForAConnectionTimesOutAndLeavesTheQueue() throws Exception {
        try (ClientFixture single = new ClientFixture(ClientFixture.settings(1, Duration.ofSeconds(30), 10))) {
            serve(c -> {
                if (c.index == 0) {
                    c.readRequest();
                    c.awaitClientClose(); // holds the only connection until the client closes it
                } else {
                    c.serveAll(ok("next"));
                }
            });
            Call holder = single.send(single.get(server.url("/hold")), true, ClientFixture.WAIT);
            assertThat(server.nextRequest().target()).isEqualTo("/hold");
            Call waiter = single.send(single.get(server.url("/wait")), true, Duration.ofMillis(200));
            assertThat(waiter.failure()).isInstanceOf(Http1Exception.Timeout.class);
            assertThat(holder.outcome()).isNotDone();
            holder.exchange().cancel(); // frees the only connection (closes it)
            assertThat(single.exchange(single.get(server.url("/after"))).text()).isEqualTo("next");
            // The timed-out waiter was never sent.
            assertThat(server.requests).extracting(RawServer.Request::target).containsExactly("/after");
            assertThat(server.accepted.get()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 abc\r\n\r\n", "HTTP/1.1 200 OK\r\ncontent-length: x\r\n\r\n", "hello\r\n\r\n",
            "HTTP/1.1 200 OK\r\nx-too-big: ${40000 x}\r\n\r\n"})
    void bytesThatAreNotAnHttpResponseFailAsInvalidAndCloseTheConnection(String bytes) throws Exception {
        String response = bytes.replace("${40000 x}", "x".repeat(40_000)); // past the 32 KB header limit
        serve(c -> {
            c.readRequest();
            c.write(response);
            c.awaitClientClose();
        });
        Throwable failure = fixture.failure(fixture.get(server.url("/bad")), Duration.ofSeconds(5));
        assertThat(failure).isInstanceOf(Http1Exception.InvalidResponse.class).hasMessageStartingWith("invalid HTTP response: ");
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aResponseNobodyAskedForClosesTheConnection() throws Exception {
        serve(c -> {
            c.readRequest();
            c.write(ok("asked"));
            Thread.sleep(50);
            c.write(ok("unsolicited"));
            c.serveAll(ok("never"));
        });
        assertThat(get("/a").text()).isEqualTo("asked");
        assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aRefusedConnectionFailsPromptlyAndEveryWaiterHearsIt() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (ClientFixture single = new ClientFixture(ClientFixture.settings(1, Duration.ofSeconds(30), 10))) {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // A 30 s timeout: only a prompt refusal arrives within the 5 s wait.
                calls.add(single.send(single.get("http://127.0.0.1:" + port + "/"), true, Duration.ofSeconds(30)));
            }
            for (Call call : calls) {
                assertThat(call.failure()).isInstanceOf(ConnectException.class);
            }
            assertThat(single.openConnections("http://127.0.0.1:" + port)).isZero();
            assertThat(single.openConnections()).isZero(); // failed attempts are not counted as open
        }
    }

    /**
     * A listener whose accept queue is full makes Linux drop the SYN, so the connect hangs as with a
     * black-holed address, on loopback: the client's connect timeout ends it, long before the request timeout.
     */
    @Test
    void aConnectThatGetsNoAnswerEndsAtTheConnectTimeout() throws Exception {
        List<java.net.Socket> filling = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            boolean queueFull = false;
            for (int i = 0; i < 16 && !queueFull; i++) {
                java.net.Socket socket = new java.net.Socket();
                try {
                    socket.connect(full.getLocalSocketAddress(), 300);
                    filling.add(socket);
                } catch (java.net.SocketTimeoutException e) {
                    socket.close();
                    queueFull = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(queueFull,
                    "this kernel answers SYNs beyond a full accept queue (syncookies?): no way to make a connect hang on loopback");
            Http1ClientSettings settings = new Http1ClientSettings(4, Duration.ofMillis(500), null, 10, null, null);
            try (ClientFixture client = new ClientFixture(settings)) {
                // A 30 s request timeout: only the 500 ms connect timeout ends it within failure()'s 5 s wait.
                Call call = client.send(client.get("http://127.0.0.1:" + full.getLocalPort() + "/"), true, Duration.ofSeconds(30));
                assertThat(call.failure()).isInstanceOf(io.netty.channel.ConnectTimeoutException.class);
            }
        } finally {
            for (java.net.Socket socket : filling) {
                socket.close();
            }
        }
    }

    @Test
    void anUnknownHostFailsWithUnknownHostException() throws Exception {
        Call call = fixture.send(fixture.get("http://no-such-host.invalid/"), true, Duration.ofSeconds(30));
        Throwable failure;
        try {
            failure = call.outcome().handle((response, error) -> error).get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer for an unknown host within 20 s", e);
        }
        assertThat(failure).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anIdleConnectionIsClosedAfterMaxIdle() throws Exception {
        try (ClientFixture shortIdle = new ClientFixture(ClientFixture.settings(4, Duration.ofSeconds(1), 10))) {
            serve(c -> c.serveAll(ok("idle soon")));
            assertThat(shortIdle.exchange(shortIdle.get(server.url("/"))).text()).isEqualTo("idle soon");
            assertThat(shortIdle.openConnections(server.url("/"))).isEqualTo(1);
            assertThat(server.connection(0).eof.await(5, TimeUnit.SECONDS)).as("closed by the idle sweep").isTrue();
            Await.until("no open connection", Duration.ofSeconds(5), () -> shortIdle.openConnections(server.url("/")) == 0);
            // And a new one is opened when needed.
            assertThat(shortIdle.exchange(shortIdle.get(server.url("/"))).text()).isEqualTo("idle soon");
            assertThat(server.accepted.get()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionInUseIsNotClosedByTheIdleSweep() throws Exception {
        try (ClientFixture shortIdle = new ClientFixture(ClientFixture.settings(4, Duration.ofSeconds(1), 10))) {
            serve(c -> {
                c.readRequest();
                Thread.sleep(1_500); // past max idle and the first sweep (1 s after the pool opened)
                c.write(ok("slow but fine"));
                c.serveAll(ok("fine"));
            });
            assertThat(shortIdle.exchange(shortIdle.get(server.url("/"))).text()).isEqualTo("slow but fine");
            assertThat(server.accepted.get()).isEqualTo(1);
        }
    }
}
