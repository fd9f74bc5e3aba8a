package io.stampede.engine;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The Netty transport under the users' event loops (their HTTP connections and DNS lookups).
 * {@code io_uring} submits a loop's reads and writes to the kernel in batches, one system call
 * for many sockets, where {@code epoll} makes one {@code read}/{@code write} call per socket and
 * event; on loopback that is a large part of a request's CPU (docs/performance.md). {@code auto}
 * takes io_uring where the kernel allows it (Linux 5.x and newer, not disabled by
 * {@code kernel.io_uring_disabled} or a seccomp profile such as Docker's and containerd's
 * defaults), else epoll, else the JDK's NIO.
 *
 * <p>A transport named explicitly that is unavailable here fails {@link #resolve()} with the
 * reason, so a worker configured for it does not start on something else unnoticed.
 */
public enum Transport {
    AUTO, IO_URING, EPOLL, NIO;

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    /** Settings already logged: an engine per setup/teardown would repeat the line for every run. */
    private static final Set<Transport> LOGGED = ConcurrentHashMap.newKeySet();

    /** What a transport brings: the loops' I/O handler and the channel classes that match it. */
    public record Choice(Transport transport, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> socketChannel,
                         Class<? extends DatagramChannel> datagramChannel) {
    }

    /**
     * @param value {@code auto}, {@code io_uring} (or {@code io-uring}), {@code epoll} or {@code nio}, any case;
     *              null or blank: auto
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Transport parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be auto, io_uring, epoll or nio, was '" + value + "'", e);
        }
    }

    /** The setting's spelling: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this transport can run here ({@code auto} and {@code nio} always can). */
    public boolean isAvailable() {
        return switch (this) {
            case AUTO, NIO -> true;
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
        };
    }

    /** Why this transport cannot run here; null when it can. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case AUTO, NIO -> null;
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
        };
    }

    /**
     * The transport to use here, logged once per setting and process (which one, and for {@code auto}
     * why a better one was not).
     *
     * @throws IllegalStateException when this transport was named explicitly and is unavailable, with the reason
     */
    public Choice resolve() {
        if (this != AUTO) {
            if (!isAvailable()) {
                Throwable cause = unavailabilityCause();
                throw new IllegalStateException("transport " + label() + " is unavailable here (" + cause
                        + "); use auto, which falls back to the best available one", cause);
            }
            if (LOGGED.add(this)) {
                LOG.info("users' event loops use {} (transport {})", label(), label());
            }
            return choice(this);
        }
        boolean log = LOGGED.add(AUTO);
        if (IO_URING.isAvailable()) {
            if (log) {
                LOG.info("users' event loops use io_uring (transport auto)");
            }
            return choice(IO_URING);
        }
        String noIoUring = "io_uring unavailable: " + IO_URING.unavailabilityCause();
        if (EPOLL.isAvailable()) {
            if (log) {
                LOG.info("users' event loops use epoll (transport auto; {})", noIoUring);
            }
            return choice(EPOLL);
        }
        if (log) {
            LOG.info("users' event loops use nio (transport auto; {}; epoll unavailable: {})", noIoUring,
                    EPOLL.unavailabilityCause());
        }
        return choice(NIO);
    }

    private static Choice choice(Transport transport) {
        return switch (transport) {
            case IO_URING -> new Choice(IO_URING, IoUringIoHandler.newFactory(), IoUringSocketChannel.class,
                    IoUringDatagramChannel.class);
            case EPOLL -> new Choice(EPOLL, EpollIoHandler.newFactory(), EpollSocketChannel.class, EpollDatagramChannel.class);
            case NIO -> new Choice(NIO, NioIoHandler.newFactory(), NioSocketChannel.class, NioDatagramChannel.class);
            case AUTO -> throw new IllegalArgumentException("auto is resolved to a transport first");
        };
    }
}
