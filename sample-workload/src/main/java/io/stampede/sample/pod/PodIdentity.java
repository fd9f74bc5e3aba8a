package io.stampede.sample.pod;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Who answers: the host name and the first non-loopback address of this process
 * (IPv4 preferred), as a Kubernetes pod sees them. Looked up once, at start, because the
 * lookups block.
 */
public record PodIdentity(String hostname, String ip) {

    public static PodIdentity detect() {
        return new PodIdentity(localHostname(), firstNonLoopbackAddress().orElse("127.0.0.1"));
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
        }
    }

    static Optional<String> firstNonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(PodIdentity::isUp)
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1))
                    .map(InetAddress::getHostAddress);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
