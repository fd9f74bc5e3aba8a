package io.stampede.engine.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.stampede.core.scenario.DnsStep;
import io.stampede.engine.step.ExecutableStep;
import io.stampede.engine.step.FailureLog;
import io.stampede.engine.step.StepCompiler;
import io.stampede.engine.step.StepExecutor;
import io.stampede.engine.template.Template;
import io.stampede.engine.template.TemplateException;

/**
 * Runs {@code dns} steps with Netty's non-blocking resolver on the engine's event loops: one
 * query per step (no cache, no search domains), timed like a request and recorded with method
 * {@code DNS}. NXDOMAIN, other error codes, an answer without a record of the asked type, and
 * timeouts are failures, each with a stable message so the failures table groups them.
 */
public final class DnsStepExecutor implements StepExecutor<DnsStep> {

    public static final String METHOD = "DNS";

    private static final Pattern SERVER = Pattern.compile("(?:\\[([0-9a-fA-F:.]+)]|([^:\\[\\]]+))(?::(\\d{1,5}))?");

    private final EventLoopGroup loops;
    private final Class<? extends DatagramChannel> channelType;
    private final Duration defaultTimeout;
    /** One resolver per (server, timeout): resolvers hold a socket, so steps that agree share one. */
    private final Map<ResolverKey, DnsNameResolver> resolvers = new ConcurrentHashMap<>();

    /**
     * @param loops          where queries run (the engine's event loops)
     * @param channelType    the datagram channel matching {@code loops} (NIO or epoll)
     * @param defaultTimeout for steps without their own timeout
     */
    public DnsStepExecutor(EventLoopGroup loops, Class<? extends DatagramChannel> channelType, Duration defaultTimeout) {
        this.loops = loops;
        this.channelType = channelType;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public Class<DnsStep> stepType() {
        return DnsStep.class;
    }

    @Override
    public ExecutableStep compile(DnsStep step, StepCompiler compiler) {
        Template query = compiler.template(step.query());
        DnsRecordType type = switch (step.type() == null ? DnsStep.RecordType.A : step.type()) {
            case A -> DnsRecordType.A;
            case AAAA -> DnsRecordType.AAAA;
            case SRV -> DnsRecordType.SRV;
        };
        long timeoutMillis = Math.max(1, (step.timeout() != null ? step.timeout() : defaultTimeout).toMillis());
        InetSocketAddress server = step.server() == null ? null : serverAddress(step.server());
        DnsNameResolver resolver = resolvers.computeIfAbsent(new ResolverKey(server, timeoutMillis), this::resolver);
        String name = step.name() != null ? step.name() : step.query();
        return (user, done) -> {
            String question;
            try {
                question = query.render(user);
            } catch (TemplateException e) {
                user.recorder().record(METHOD, name, 0, 0, e.getMessage());
                done.complete(false);
                return;
            }
            long start = System.nanoTime();
            Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> answer =
                    resolver.query(new DefaultDnsQuestion(question, type));
            user.track(() -> answer.cancel(false));
            answer.addListener(f -> {
                long micros = (System.nanoTime() - start) / 1_000;
                user.track(null);
                String error;
                if (answer.isSuccess()) {
                    AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = answer.getNow();
                    try {
                        error = check(envelope.content(), type);
                    } finally {
                        envelope.release();
                    }
                } else {
                    error = describe(answer.cause(), timeoutMillis);
                }
                if (user.cut()) {
                    done.complete(false);
                    return;
                }
                user.recorder().record(METHOD, name, micros, 0, error);
                if (error != null) {
                    FailureLog.warn("DNS " + type.name() + " " + question + " failed: " + error, null);
                }
                done.complete(error == null);
            });
        };
    }

    private static String check(DnsResponse response, DnsRecordType type) {
        DnsResponseCode code = response.code();
        if (code.equals(DnsResponseCode.NXDOMAIN)) {
            return "NXDOMAIN";
        }
        if (!code.equals(DnsResponseCode.NOERROR)) {
            // Netty prints "Refused(5)": make it read like dig's status line, "REFUSED (rcode 5)"
            return code.toString().replaceAll("\\(\\d+\\)$", "").toUpperCase(java.util.Locale.ROOT)
                    + " (rcode " + code.intValue() + ")";
        }
        int answers = response.count(DnsSection.ANSWER);
        for (int i = 0; i < answers; i++) {
            if (response.recordAt(DnsSection.ANSWER, i).type().equals(type)) {
                return null;
            }
        }
        return "no " + type.name() + " record in the answer";
    }

    private static String describe(Throwable cause, long timeoutMillis) {
        if (cause instanceof DnsNameResolverTimeoutException) {
            return "timeout: no answer within " + timeoutMillis + " ms";
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return "cancelled";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private DnsNameResolver resolver(ResolverKey key) {
        return new DnsNameResolverBuilder(loops.next())
                .datagramChannelType(channelType)
                .queryTimeoutMillis(key.timeoutMillis())
                .resolveCache(NoopDnsCache.INSTANCE)
                .recursionDesired(true)
                .nameServerProvider(key.server() == null ? DnsServerAddressStreamProviders.platformDefault()
                        : new SingletonDnsServerAddressStreamProvider(key.server()))
                .build();
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a host name is resolved once, here. */
    static InetSocketAddress serverAddress(String server) {
        Matcher m = SERVER.matcher(server.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("dns server must be host or host:port, got '" + server + "'");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port = m.group(3) == null ? 53 : Integer.parseInt(m.group(3));
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("dns server '" + host + "' cannot be resolved");
        }
        return address;
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsNameResolver::close);
        resolvers.clear();
    }

    private record ResolverKey(InetSocketAddress server, long timeoutMillis) {
    }
}
