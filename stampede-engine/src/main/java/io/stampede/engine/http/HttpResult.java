package io.stampede.engine.http;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A response as checks and extractors see it.
 *
 * @param headers all of the response's headers when the step's checks read one ({@link ResponseCheck#readsHeaders()}),
 *                else only those the HTTP client reads itself (over HTTP/1.1)
 * @param body   the full body, or null when the step's checks do not read it ({@link ResponseCheck#readsBody()})
 * @param length the body's length in bytes
 */
record HttpResult(int status, HttpHeaders headers, byte[] body, int length) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
