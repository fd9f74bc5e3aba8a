package io.stampede.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.uring.IoUringIoHandle;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.ScenarioParser;
import io.stampede.core.stats.StatsRecorder;
import io.stampede.testing.Await;

/**
 * Each transport of the users' event loops carries real HTTP requests to a server on 127.0.0.1
 * and dns steps' UDP queries; {@code auto} takes the best one; a transport that is unavailable is
 * refused when named and skipped, with its reason logged, by {@code auto}.
 */
class TransportTest {

    private static EngineSettings settings(Transport transport) {
        return new EngineSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(1)).withTransport(transport);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void eachTransportCarriesHttpRequestsAndDnsQueries(Transport transport) throws Exception {
        if (!transport.isAvailable()) {
            // e.g. io_uring under a seccomp profile that blocks it: named explicitly, it stops the engine with the reason.
            assertThatThrownBy(() -> new LoadEngine(settings(transport)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("transport " + transport.label() + " is unavailable here (");
            return;
        }
        try (LoadEngine engine = new LoadEngine(settings(transport));
             TestTarget target = new TestTarget();
             DnsResponder dns = new DnsResponder()) {
            assertThat(engine.transport()).isEqualTo(transport);
            EventLoop loop = engine.nextLoop();
            assertThat(loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
                    .startsWith("stampede-users-" + transport.label() + "-");
            assertThat(((IoEventLoop) loop).isCompatible(handleType(transport))).isTrue();

            StatsRecorder recorder = new StatsRecorder();
            UserPopulation users = UserPopulation.start(engine, RunSpec.of(Scenario.defaultScenario(target.url()), null),
                    recorder::record, 10, 0);
            Await.until("300 requests served", Duration.ofSeconds(10), () -> target.requests.get() >= 300);
            users.stop().get(5, TimeUnit.SECONDS);
            StatsTotals totals = StatsTotals.drain(recorder);
            assertThat(totals.requests).isEqualTo(target.requests.get()).isGreaterThanOrEqualTo(300);
            assertThat(totals.failures).isZero();

            String yaml = """
                    name: dns
                    users:
                      - name: resolver
                        tasks:
                          - steps:
                              - dns: {name: lookup, query: web.svc.test, server: "127.0.0.1:%d"}
                    """.formatted(dns.port());
            Queue<String> outcomes = new ConcurrentLinkedQueue<>();
            UserPopulation resolvers = UserPopulation.start(engine, RunSpec.of(ScenarioParser.parse(yaml, "dns.yaml"), null),
                    (method, name, micros, length, error) -> outcomes.add(method + " " + name + " " + error), 1, 0);
            Await.until("5 dns samples", Duration.ofSeconds(10), () -> outcomes.size() >= 5);
            resolvers.stop().get(5, TimeUnit.SECONDS);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isEqualTo("DNS lookup null"));
            assertThat(dns.answered.get()).isGreaterThanOrEqualTo(outcomes.size());
        }
    }

    @Test
    void autoTakesIoUringWhereAvailableElseEpollElseNio() {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64")) {
            // The engine ships epoll's native library for linux-x86_64: auto must never end on NIO there.
            assertThat(Transport.EPOLL.isAvailable()).as("epoll: %s", Transport.EPOLL.unavailabilityCause()).isTrue();
        }
        Transport best = Transport.IO_URING.isAvailable() ? Transport.IO_URING
                : Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO;
        try (LoadEngine engine = new LoadEngine(settings(Transport.AUTO))) {
            assertThat(engine.transport()).isEqualTo(best);
        }
    }

    /**
     * Netty's native transports switched off ({@code -Dio.netty.transport.noNative=true}, as a JVM
     * without the native libraries or a kernel that refuses them would be) in a JVM of its own: auto
     * runs on NIO and logs why io_uring and epoll were not taken; naming either fails with the reason.
     */
    @Test
    void withoutNativeTransportsAutoFallsBackAndLogsWhyWhileANamedOneIsRefused() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dio.netty.transport.noNative=true",
                "-cp", System.getProperty("java.class.path"), TransportProbe.class.getName())
                .redirectErrorStream(true).start();
        byte[] output = probe.getInputStream().readAllBytes();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(probe.exitValue()).as(text).isZero();
        assertThat(text)
                .contains("users' event loops use nio (transport auto; io_uring unavailable: ")
                .contains("epoll unavailable: ")
                .contains("auto -> nio")
                .contains("io_uring -> transport io_uring is unavailable here (")
                .contains("epoll -> transport epoll is unavailable here (")
                .contains("nio -> nio");
    }

    private static Class<? extends IoHandle> handleType(Transport transport) {
        return switch (transport) {
            case IO_URING -> IoUringIoHandle.class;
            case EPOLL -> EpollIoHandle.class;
            case NIO -> NioIoHandle.class;
            case AUTO -> throw new IllegalArgumentException("auto has no handle type");
        };
    }

    /** Answers every A query for any name with 127.0.0.42: enough for a dns step to succeed. */
    private static final class DnsResponder implements AutoCloseable {

        final AtomicInteger answered = new AtomicInteger();
        private final DatagramSocket socket;
        private final Thread thread;

        DnsResponder() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                    socket.receive(query);
                    byte[] answer = answer(buffer, query.getLength());
                    // Counted before it goes out: the engine may record its sample before this thread runs on.
                    answered.incrementAndGet();
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** The query's header and question, flagged as a response, with one A record for the question's name. */
        private static byte[] answer(byte[] query, int length) {
            int end = 12;
            while (end < length && query[end] != 0) {
                end += (query[end] & 0xff) + 1; // a label: its length, then its bytes
            }
            end += 1 + 4; // the root label, QTYPE, QCLASS
            byte[] record = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 42};
            byte[] out = new byte[end + record.length];
            System.arraycopy(query, 0, out, 0, end);
            System.arraycopy(record, 0, out, end, record.length);
            out[2] = (byte) 0x81; // QR, RD
            out[3] = (byte) 0x80; // RA, NOERROR
            out[6] = 0;
            out[7] = 1; // ANCOUNT
            out[8] = out[9] = out[10] = out[11] = 0; // no authority, no additional (the query's OPT is dropped)
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }
}
