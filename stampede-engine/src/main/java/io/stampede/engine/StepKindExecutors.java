package io.stampede.engine;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.stampede.engine.dns.DnsStepExecutor;
import io.stampede.engine.http.HttpStepExecutor;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.TlsSettings;
import io.stampede.engine.k8s.K8sStepExecutor;
import io.stampede.engine.step.IfStepExecutor;
import io.stampede.engine.step.LoopStepExecutor;
import io.stampede.engine.step.StepExecutor;
import io.stampede.engine.step.StepExecutors;
import io.stampede.engine.step.ThinkStepExecutor;

/**
 * The engine's half of a step kind: one executor registration per kind of core's
 * {@code StepKinds} (which carries the kind's grammar and reader). Adding a step kind means one
 * line here; a test checks that every kind the parser knows has an executor.
 */
final class StepKindExecutors {

    /** What an executor may take from the engine that hosts it. */
    record Resources(Http1Client http, TlsSettings tls, EventLoopGroup eventLoops, Class<? extends DatagramChannel> datagrams,
                     Duration requestTimeout) {
    }

    private static final List<Function<Resources, StepExecutor<?>>> REGISTRATIONS = List.of(
            r -> new HttpStepExecutor(r.http(), r.tls(), r.requestTimeout()),
            r -> new DnsStepExecutor(r.eventLoops(), r.datagrams(), r.requestTimeout()),
            r -> K8sStepExecutor.fromEnvironment(r.requestTimeout()),
            r -> new ThinkStepExecutor(),
            r -> new LoopStepExecutor(),
            r -> new IfStepExecutor());

    private StepKindExecutors() {
    }

    /** A registry with every kind's executor, made from the engine's resources. */
    static StepExecutors create(Resources resources) {
        StepExecutors.Builder builder = StepExecutors.builder();
        for (Function<Resources, StepExecutor<?>> registration : REGISTRATIONS) {
            builder.register(registration.apply(resources));
        }
        return builder.build();
    }
}
