package io.stampede.sample.mesh;

import java.net.URI;

/**
 * The outcome of one backend call.
 *
 * @param backend the URL called
 * @param failure why it failed, or null when it answered 2xx
 */
record BackendCall(URI backend, String failure) {

    boolean failed() {
        return failure != null;
    }

    @Override
    public String toString() {
        return failed() ? backend + " (" + failure + ")" : backend.toString();
    }
}
