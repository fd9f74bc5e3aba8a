package io.stampede.core.link;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Encodes and decodes {@link LinkMessage}s as JSON text frames. Thread-safe. */
public final class LinkCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // A newer peer may add fields; an older one must still understand the rest.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private LinkCodec() {
    }

    public static String encode(LinkMessage message) {
        return MAPPER.writeValueAsString(message);
    }

    /**
     * @throws IllegalArgumentException when the text is not a known message
     */
    public static LinkMessage decode(String text) {
        return parsed(() -> MAPPER.readValue(text, LinkMessage.class));
    }

    /**
     * {@link #decode(String)} of a frame's UTF-8 bytes as received: parses them directly, with no
     * String of the whole frame (a stats report is tens of KB, a thousand of them a second).
     *
     * @throws IllegalArgumentException when the bytes are not a known message
     */
    public static LinkMessage decode(byte[] utf8) {
        return parsed(() -> MAPPER.readValue(utf8, LinkMessage.class));
    }

    /**
     * {@link #decode(byte[])} of a frame read from a stream (a frame still in the network
     * buffer, read through Jackson's recycled input buffer: no copy of the frame per message).
     * Reads the stream to the end of the message; does not close it.
     *
     * @throws IllegalArgumentException when the bytes are not a known message
     */
    public static LinkMessage decode(java.io.InputStream utf8) {
        return parsed(() -> MAPPER.readValue(utf8, LinkMessage.class));
    }

    /** One wording for every input form's parse failure. */
    private static LinkMessage parsed(java.util.function.Supplier<LinkMessage> read) {
        try {
            return read.get();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a link message: " + e.getOriginalMessage(), e);
        }
    }
}
