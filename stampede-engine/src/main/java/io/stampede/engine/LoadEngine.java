package io.stampede.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import io.stampede.core.scenario.Scenario;
import io.stampede.core.scenario.Step;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.Http1ClientSettings;
import io.stampede.engine.http.client.HttpProxies;
import io.stampede.engine.loop.CompletionBatching;
import io.stampede.engine.step.SampleRecorder;
import io.stampede.engine.step.StepExecutors;
import io.stampede.engine.step.StepSequence;

/**
 * Runs virtual users: a few event-loop threads on the configured {@link Transport} (shared by
 * user logic, HTTP I/O and users' waits), one timer wheel for the runs' own schedules (spawn
 * ticks, arrivals), one HTTP client with connection pools per event loop, and the registry of
 * step executors. Lives as long as its worker; the runs on it ({@code UserPopulation}) sit
 * above it and register what to cut when it closes. No thread is left after {@link #close()}.
 */
public final class LoadEngine implements AutoCloseable {

    private final EngineSettings settings;
    private final Transport.Choice transport;
    private final EventLoopGroup eventLoops;
    private final HashedWheelTimer timer;
    private final Http1Client http;
    private final EventLoopLagProbe lagProbe;
    private final CompletionBatching.Counters batching = new CompletionBatching.Counters();
    private final EngineHealth health;
    private final StepExecutors executors;
    /** What to end at once when the engine closes: the users of the runs still going. */
    private final Set<Runnable> cutOnClose = ConcurrentHashMap.newKeySet();

    /**
     * How long a user loop runs queued tasks before it reads and writes its sockets again, when
     * tasks keep coming. Netty's default is a second: a user whose tasks complete at once (instant
     * steps, no wait) re-queues itself without end, and every other user on its loop got one I/O
     * pass a second (`UserTurnsTest`). Tasks are short here, so a few milliseconds bound the delay
     * they can add to a response's handling without cutting batches short in normal runs.
     */
    static final long TASK_QUANTUM_MILLIS = 5;

    public LoadEngine(EngineSettings settings) {
        this.settings = settings;
        // The engine's own group, not Reactor Netty's LoopResources: the transport is a setting
        // (io_uring batches a loop's socket calls), and every channel made on these loops (HTTP
        // connections, the DNS resolvers of target hosts and of dns steps) takes the matching class.
        this.transport = settings.transport().resolve();
        this.eventLoops = new MultiThreadIoEventLoopGroup(settings.effectiveEventLoopThreads(),
                new DefaultThreadFactory("stampede-users-" + transport.transport().label(), true), ioHandlers(transport, settings, batching)) {
            @Override
            protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
                return new SingleThreadIoEventLoop(this, executor, ioHandlerFactory, Integer.MAX_VALUE,
                        RejectedExecutionHandlers.reject(), TASK_QUANTUM_MILLIS);
            }
        };
        // 10 ms ticks for spawn ticks and arrivals; users' own waits are scheduled on their loops.
        this.timer = new HashedWheelTimer(new DefaultThreadFactory("stampede-timer", true), 10, TimeUnit.MILLISECONDS, 512);
        Class<? extends DatagramChannel> datagrams = transport.datagramChannel();
        // Users beyond the connection limit wait for a connection (within their request timeout).
        this.http = new Http1Client(eventLoops, transport.socketChannel(), datagrams,
                Http1ClientSettings.defaults(settings.maxConnections()).withTls(settings.tls())
                        .withProxies(HttpProxies.fromEnvironment(System.getenv())));
        this.lagProbe = new EventLoopLagProbe(eventLoops);
        this.health = new EngineHealth(http, lagProbe, batching);
        this.executors = StepKindExecutors.create(
                new StepKindExecutors.Resources(http, settings.tls(), eventLoops, datagrams, settings.requestTimeout()));
    }

    /** io_uring loops batch their responses under load (CompletionBatching); the other transports' handlers as they are. */
    private static IoHandlerFactory ioHandlers(Transport.Choice transport, EngineSettings settings,
                                               CompletionBatching.Counters counters) {
        return transport.transport() == Transport.IO_URING
                ? CompletionBatching.wrap(transport.ioHandlers(), settings.batchWait(), counters)
                : transport.ioHandlers();
    }

    /**
     * Compiles the scenario as a run would, without starting anything.
     *
     * @throws ScenarioRejectedException when a step kind has no executor or a step is invalid
     */
    public void validate(Scenario scenario) {
        ScenarioPlan.compile(scenario, Map.of(), executors);
    }

    /**
     * Compiles a run's scenario with this engine's executors, feeders loaded.
     *
     * @throws ScenarioRejectedException when the scenario cannot run here
     */
    ScenarioPlan plan(RunSpec spec) {
        return ScenarioPlan.compile(spec, executors.forRun(spec.scenario().http()), true);
    }

    /**
     * A run finished: executors delete what it created (Kubernetes objects labelled with its id).
     * Blocks while they do, so call it off the event loops.
     */
    public void runFinished(String runId) {
        executors.runFinished(runId);
    }

    /**
     * Runs steps once as a single user, e.g. a scenario's {@code setup} before a run (its
     * extracted variables become {@code StartLoad.variables}) or its {@code teardown} after.
     * Requests are recorded like any user's.
     *
     * @throws ScenarioRejectedException when a step cannot run here; nothing is started then
     */
    public CompletableFuture<StepsOutcome> runOnce(RunSpec spec, List<Step> steps, SampleRecorder recorder) {
        StepSequence sequence;
        try {
            sequence = executors.forRun(spec.scenario().http()).compileAll(steps);
        } catch (RuntimeException e) {
            throw new ScenarioRejectedException("scenario '" + spec.scenario().name() + "': " + e.getMessage(), e);
        }
        return new OneShotRun(spec, recorder, timer, nextLoop()).run(sequence);
    }

    public EngineSettings settings() {
        return settings;
    }

    /** The transport the users' event loops run on (what {@code auto} resolved to). */
    public Transport transport() {
        return transport.transport();
    }

    /** The generator's own figures (connections, event-loop lag), for metrics. */
    public EngineHealth health() {
        return health;
    }

    Timer timer() {
        return timer;
    }

    EventLoop nextLoop() {
        return eventLoops.next().next();
    }

    /** Every event loop of the engine, for drivers that keep one lane per loop. */
    List<EventLoop> allLoops() {
        List<EventLoop> all = new java.util.ArrayList<>();
        for (io.netty.util.concurrent.EventExecutor executor : eventLoops) {
            all.add((EventLoop) executor);
        }
        return List.copyOf(all);
    }

    /** Registers {@code cut} to run when the engine closes; the returned action unregisters it. */
    Runnable cutOnClose(Runnable cut) {
        cutOnClose.add(cut);
        return () -> cutOnClose.remove(cut);
    }

    /** Cuts every running user and releases threads, connections and executors. */
    @Override
    public void close() {
        for (Runnable cut : List.copyOf(cutOnClose)) {
            cut.run();
        }
        executors.close();
        lagProbe.close();
        timer.stop();
        http.close();
        // No quiet period (every user is cut), at most 2 s for the loops to finish, 5 s to wait for them.
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
