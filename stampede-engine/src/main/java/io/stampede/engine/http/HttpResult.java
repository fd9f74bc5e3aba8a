package io.stampede.engine.http;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaders;

/** A response with its full body, as checks and extractors see it. */
record HttpResult(int status, HttpHeaders headers, byte[] body) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
