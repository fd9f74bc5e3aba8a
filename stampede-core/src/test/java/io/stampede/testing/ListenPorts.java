package io.stampede.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test starts later or in another process, picked below the kernel's
 * ephemeral range. A port from {@code bind(0)} lies inside that range, where any outgoing
 * connection on the machine may take it as its source port before the server binds it (CI saw
 * PrometheusScrapeIT's coordinator fail with "Port … was already in use"). Below the range only
 * listeners compete: each port is checked free when handed out, and this JVM hands none out twice.
 */
public final class ListenPorts {

    /** How many ports below the ephemeral range are used. */
    private static final int SPAN = 10_000;
    private static final int FROM;
    private static final AtomicInteger NEXT;

    static {
        int ephemeralLow = 32_768; // Linux's default
        try {
            ephemeralLow = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: keep the default
        }
        FROM = Math.max(1_024, ephemeralLow - SPAN);
        // Test JVMs of other modules start elsewhere in the span, so they rarely try the same ports.
        NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() * 37 % SPAN));
    }

    private ListenPorts() {
    }

    /** A port nothing listens on now, below the ephemeral range. */
    public static int free() {
        for (int tries = 0; tries < SPAN; tries++) {
            int port = FROM + Math.floorMod(NEXT.getAndIncrement(), SPAN);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FROM + ".." + (FROM + SPAN - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
