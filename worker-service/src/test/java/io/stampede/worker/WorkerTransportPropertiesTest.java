package io.stampede.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.stampede.engine.EngineSettings;
import io.stampede.engine.Transport;

/** {@code stampede.worker.transport} and {@code batch-wait} reach the engine's settings. */
class WorkerTransportPropertiesTest {

    private static WorkerProperties properties(String transport) {
        return properties(transport, null);
    }

    private static WorkerProperties properties(String transport, Duration batchWait) {
        return new WorkerProperties("127.0.0.1", "", "", 1, 10, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(5), false, "auto", transport, batchWait);
    }

    @Test
    void theBatchWaitBecomesTheEnginesWithinItsBounds() {
        assertThat(properties("auto", Duration.ofNanos(50_000)).toSettings().engine().batchWait()).isEqualTo(Duration.ofNanos(50_000));
        assertThat(properties("auto", Duration.ZERO).toSettings().engine().batchWait()).isZero();
        assertThat(properties("auto", null).toSettings().engine().batchWait()).isEqualTo(EngineSettings.DEFAULT_BATCH_WAIT);
        assertThatThrownBy(() -> properties("auto", Duration.ofMillis(2)).toSettings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stampede.worker.batch-wait: batchWait must be between 0 and 1ms, was PT0.002S");
    }

    @Test
    void otherEngineErrorsAreNotBlamedOnTheBatchWait() {
        WorkerProperties negativeLoops = new WorkerProperties("127.0.0.1", "", "", -1, 10, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(5), false, "auto", "auto", Duration.ZERO);
        assertThatThrownBy(negativeLoops::toSettings)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventLoopThreads must be >= 0");
    }

    @Test
    void theTransportBecomesTheEnginesTransport() {
        assertThat(properties("auto").toSettings().engine().transport()).isEqualTo(Transport.AUTO);
        assertThat(properties("io_uring").toSettings().engine().transport()).isEqualTo(Transport.IO_URING);
        assertThat(properties("io-uring").toSettings().engine().transport()).isEqualTo(Transport.IO_URING);
        assertThat(properties("EPOLL").toSettings().engine().transport()).isEqualTo(Transport.EPOLL);
        assertThat(properties("nio").toSettings().engine().transport()).isEqualTo(Transport.NIO);
        assertThat(properties("").toSettings().engine().transport()).isEqualTo(Transport.AUTO);
    }

    @Test
    void anUnknownTransportIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> properties("kqueue").toSettings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stampede.worker.transport: transport must be auto, io_uring, epoll or nio, was 'kqueue'");
    }
}
