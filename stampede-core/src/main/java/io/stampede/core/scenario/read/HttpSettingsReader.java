package io.stampede.core.scenario.read;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.stampede.core.scenario.HttpSettings;
import io.stampede.core.scenario.read.Grammar.ObjectType;
import io.stampede.core.scenario.read.Grammar.OneOfValues;
import io.stampede.core.scenario.read.Grammar.Ref;
import org.yaml.snakeyaml.nodes.Node;

import static io.stampede.core.scenario.read.Grammar.BOOLEAN;
import static io.stampede.core.scenario.read.Grammar.STRING;
import static io.stampede.core.scenario.read.Grammar.list;
import static io.stampede.core.scenario.read.Grammar.object;

/** Reads the scenario's {@code http:} section: how its requests connect (compression, proxy, TLS, HTTP version). */
final class HttpSettingsReader extends ConstructReader {

    static final ObjectType HTTP_SETTINGS = object("http_settings",
            "How the scenario's HTTP requests connect, for every user and host: compression, proxy, TLS, HTTP version.")
            .optional("compression", BOOLEAN, "Send Accept-Encoding: gzip, deflate (default true, as browsers, Locust and k6); "
                    + "compressed responses are decompressed for checks, stats count the decompressed length.")
            .optional("proxy", STRING, "http://[user:password@]host:port for http and https targets (https through CONNECT); "
                    + "'none' connects directly. Default: the worker's HTTP_PROXY, HTTPS_PROXY and NO_PROXY.")
            .optional("no_proxy", list(STRING), "Hosts reached directly although proxy is set: a name also matches its subdomains, * all.")
            .optional("tls", new Ref("tls"), "TLS for https targets: trust, client certificate, or no verification.")
            .optional("version", new OneOfValues(Arrays.stream(HttpSettings.Version.values()).map(HttpSettings.Version::text).toList()),
                    "HTTP version: \"1.1\" (default) or \"2\" (many concurrent requests per connection). HTTP/2 over https is "
                    + "negotiated by ALPN, falling back to 1.1 when the server does not offer h2; over http it is h2c with prior knowledge.")
            .build();

    static final ObjectType TLS = object("tls", "TLS settings; files are paths on the worker (e.g. a mounted Kubernetes Secret).")
            .optional("insecure", BOOLEAN, "Accept any server certificate and host name (self-signed test targets); default false.")
            .optional("ca", STRING, "PEM file of the certificates to trust instead of the JDK's trust store, e.g. /etc/stampede/tls/ca.crt.")
            .optional("client_cert", STRING, "PEM file of the client certificate (chain) for mutual TLS, e.g. /etc/stampede/tls/tls.crt.")
            .optional("client_key", STRING, "PEM file of the client certificate's private key, PKCS#8 (BEGIN PRIVATE KEY), e.g. /etc/stampede/tls/tls.key.")
            .build();

    HttpSettingsReader(ReadContext context) {
        super(context);
    }

    HttpSettings settings(Node node) {
        if (node == null) {
            return HttpSettings.DEFAULT;
        }
        TypedMapping o = nodes.object(node, "http_settings");
        if (o == null) {
            return HttpSettings.DEFAULT;
        }
        boolean compression = nodes.bool(o, "compression", true);
        String proxy = nodes.string(o, "proxy");
        if (proxy != null && !proxy.equals(HttpSettings.NO_PROXY) && !isHttpUrl(proxy)) {
            nodes.error(o.value("proxy"), "proxy must be an http:// URL or 'none', got '" + redacted(proxy) + "'",
                    "http://proxy.corp:3128 (https targets go through it with CONNECT)");
        }
        List<String> noProxy = new ArrayList<>();
        for (Node n : nodes.list(o.value("no_proxy"), "a list of host names")) {
            String host = nodes.scalar(n, "a host name");
            if (host != null) {
                noProxy.add(host);
            }
        }
        if (!noProxy.isEmpty() && proxy == null) {
            nodes.error(o.key("no_proxy"), "no_proxy applies with proxy only", "without proxy, the worker's NO_PROXY applies");
        }
        HttpSettings.Tls tls = o.has("tls") ? tls(o.value("tls")) : HttpSettings.Tls.DEFAULT;
        return new HttpSettings(compression, proxy, noProxy, tls, version(o));
    }

    private HttpSettings.Tls tls(Node node) {
        TypedMapping o = nodes.object(node, "tls");
        if (o == null) {
            return HttpSettings.Tls.DEFAULT;
        }
        boolean insecure = nodes.bool(o, "insecure", false);
        String ca = nodes.string(o, "ca");
        String cert = nodes.string(o, "client_cert");
        String key = nodes.string(o, "client_key");
        if (cert != null && key == null) {
            nodes.error(o.key("client_cert"), "client_cert needs client_key", "client_key: /etc/stampede/tls/tls.key");
        } else if (key != null && cert == null) {
            nodes.error(o.key("client_key"), "client_key needs client_cert", "client_cert: /etc/stampede/tls/tls.crt");
        }
        if (insecure && ca != null) {
            nodes.error(o.key("ca"), "ca has no effect with insecure: true", "drop one of them");
        }
        return new HttpSettings.Tls(insecure, ca, cert, key);
    }

    private HttpSettings.Version version(TypedMapping o) {
        String text = nodes.string(o, "version");
        if (text == null) {
            return HttpSettings.Version.HTTP_1_1;
        }
        HttpSettings.Version version = HttpSettings.Version.parse(text);
        if (version == null) {
            nodes.error(o.value("version"), "version must be \"1.1\" or \"2\", got '" + text + "'",
                    "version: \"2\" for HTTP/2 (h2 by ALPN over https, h2c with prior knowledge over http)");
            return HttpSettings.Version.HTTP_1_1;
        }
        return version;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A proxy URL without its password, for messages. */
    private static String redacted(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
