package io.stampede.coordinator.experiment.suite;

import java.net.URI;

/** A url test's URL with its scheme, host and port taken from the deployed entry node. */
final class EntryUrl {

    private EntryUrl() {
    }

    /** Whether the URL's host is the node's name or the harness's Service of it ({@code service-<node>[.<namespace>...]}). */
    static boolean names(String url, String node) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return false;
        }
        String firstLabel = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        return host.equals(node) || firstLabel.equals("service-" + node);
    }

    static String substitute(String url, URI entry) {
        URI original = URI.create(url);
        String base = entry.getScheme() + "://" + entry.getRawAuthority();
        String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
        return base + path + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    }
}
