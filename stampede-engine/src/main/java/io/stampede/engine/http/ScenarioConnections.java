package io.stampede.engine.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.ssl.SslContext;
import io.stampede.core.scenario.HttpSettings;
import io.stampede.engine.http.client.ConnectionProfile;
import io.stampede.engine.http.client.Http1Client;
import io.stampede.engine.http.client.HttpProtocol;
import io.stampede.engine.http.client.HttpProxies;
import io.stampede.engine.http.client.TlsSettings;

/**
 * The connection profile of each scenario {@code http:} section that differs from the engine's
 * defaults: its HTTP version, its TLS context (the engine's TLS settings with the scenario's trust and client
 * certificate over them) and proxies. Runs with the same section share one profile, so their
 * connections share pools and resumable TLS sessions and pools do not pile up run after run;
 * a certificate file changed on disk (a rotated Kubernetes Secret) makes a new one.
 */
final class ScenarioConnections {

    private final Http1Client client;
    private final TlsSettings engineTls;
    private final Map<Key, ConnectionProfile> profiles = new ConcurrentHashMap<>();
    /** HTTP/2 sections with the client's TLS and proxies: shared, as HTTP/1.1 ones share the default pools. */
    private final ConnectionProfile http2;

    ScenarioConnections(Http1Client client, TlsSettings engineTls) {
        this.client = client;
        this.engineTls = engineTls;
        this.http2 = client.profile(null, null, HttpProtocol.HTTP_2);
    }

    /**
     * @return null when the section keeps the client's TLS and proxies (its default pools serve)
     * @throws IllegalArgumentException naming the TLS file or proxy URL that cannot be used
     */
    ConnectionProfile profile(HttpSettings http) {
        boolean h2 = http.version() == HttpSettings.Version.HTTP_2;
        if (http.tls().isDefault() && http.proxy() == null) {
            return h2 ? http2 : null;
        }
        TlsSettings tls = http.tls().isDefault() ? null : tls(http.tls());
        Key key = new Key(http.version(), http.tls(), http.proxy(), http.noProxy(), tls == null ? List.of() : modified(tls));
        return profiles.computeIfAbsent(key, ignored -> {
            SslContext ssl = tls == null ? null : tls.newContext(h2);
            return client.profile(ssl, proxies(http), h2 ? HttpProtocol.HTTP_2 : HttpProtocol.HTTP_1_1);
        });
    }

    private TlsSettings tls(HttpSettings.Tls scenario) {
        TlsSettings tls = engineTls.withInsecure(engineTls.insecure() || scenario.insecure());
        if (scenario.ca() != null) {
            tls = tls.withCa(Path.of(scenario.ca()));
        }
        if (scenario.clientCert() != null) {
            tls = tls.withClientCertificate(Path.of(scenario.clientCert()), Path.of(scenario.clientKey()));
        }
        return tls;
    }

    /** null: the client's (the worker's environment) */
    private static HttpProxies proxies(HttpSettings http) {
        if (http.proxy() == null) {
            return null;
        }
        if (HttpSettings.NO_PROXY.equals(http.proxy())) {
            return HttpProxies.NONE;
        }
        HttpProxies.Proxy proxy = HttpProxies.Proxy.parse(http.proxy(), "http.proxy");
        return new HttpProxies(proxy, proxy, HttpProxies.parseNoProxy(String.join(",", http.noProxy())));
    }

    /** When each file was last changed; a missing one counts as never (newContext names it). */
    private static List<FileTime> modified(TlsSettings tls) {
        List<FileTime> times = new ArrayList<>(3);
        for (Path file : new Path[] {tls.ca(), tls.clientCert(), tls.clientKey()}) {
            if (file != null) {
                try {
                    times.add(Files.getLastModifiedTime(file));
                } catch (IOException e) {
                    times.add(FileTime.fromMillis(0));
                }
            }
        }
        return times;
    }

    private record Key(HttpSettings.Version version, HttpSettings.Tls tls, String proxy, List<String> noProxy, List<FileTime> modified) {
    }
}
