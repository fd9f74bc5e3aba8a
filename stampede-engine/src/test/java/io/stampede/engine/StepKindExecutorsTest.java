package io.stampede.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.stampede.core.scenario.read.StepKind;
import io.stampede.core.scenario.read.StepKinds;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.Http1ClientSettings;
import io.stampede.engine.step.StepExecutors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepKindExecutorsTest {

    /** A kind registered in core's StepKinds but given no executor here would be refused by every engine. */
    @Test
    void everyStepKindTheParserKnowsHasAnExecutor() {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (Http1Client http = new Http1Client(group, NioSocketChannel.class, NioDatagramChannel.class,
                Http1ClientSettings.defaults(1));
             StepExecutors executors = StepKindExecutors.create(new StepKindExecutors.Resources(
                     http, io.stampede.engine.http.client.TlsSettings.DEFAULT, group, NioDatagramChannel.class,
                     Duration.ofSeconds(1)))) {
            assertThat(StepKinds.all()).isNotEmpty();
            for (StepKind<?> kind : StepKinds.all()) {
                assertThat(executors.supports(kind.type())).as("executor for step kind '%s'", kind.name()).isTrue();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
