package io.stampede.coordinator.experiment.suite;

import java.net.URI;

/** A url test's URL with its scheme, host and port taken from the deployed entry node. */
final class EntryUrl {

    private EntryUrl() {
    }

    static String substitute(String url, URI entry) {
        URI original = URI.create(url);
        String base = entry.getScheme() + "://" + entry.getRawAuthority();
        String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
        return base + path + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    }
}
