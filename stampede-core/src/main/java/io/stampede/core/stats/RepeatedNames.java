package io.stampede.core.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Per decoding thread, the request names and methods read last, by hash. Every report of every
 * worker repeats the same few dozen, fifty entries a report and a thousand reports a second: the
 * same String comes back instead of a new one per entry, and the aggregator's row lookup finds its
 * key by identity with the hash already cached. Serves both wire forms of a report (JSON text and
 * the binary frame), from one table per thread.
 */
public final class RepeatedNames {

    /** Longer values are not looked up: they are read as a new String each time. */
    private static final int MAX_LENGTH = 128;
    private static final int SLOTS = 1024;
    private static final ThreadLocal<String[]> TABLE = ThreadLocal.withInitial(() -> new String[SLOTS]);

    private RepeatedNames() {
    }

    /** The String of {@code chars[offset, offset + length)}, the one read before when the table holds it. */
    public static String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0; // String.hashCode's
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + chars[offset + i];
        }
        String[] table = TABLE.get();
        int slot = slot(hash);
        String known = table[slot];
        if (known != null && known.length() == length && known.hashCode() == hash && sameChars(known, chars, offset)) {
            return known;
        }
        return table[slot] = new String(chars, offset, length);
    }

    /**
     * The String of the UTF-8 bytes {@code [at, at + length)} of a buffer (absolute: its position
     * is left alone), the one read before when the table holds it. Only ASCII values are matched
     * (their UTF-8 bytes are their chars, and the hash is String's); others are read anew.
     */
    public static String ofUtf8(ByteBuffer buffer, int at, int length) {
        if (length > MAX_LENGTH) {
            return utf8(buffer, at, length);
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer.get(at + i);
        }
        String[] table = TABLE.get();
        int slot = slot(hash);
        String known = table[slot];
        if (known != null && known.length() == length && sameAscii(known, buffer, at)) {
            return known;
        }
        return table[slot] = utf8(buffer, at, length);
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    private static boolean sameChars(String known, char[] chars, int offset) {
        for (int i = 0; i < known.length(); i++) {
            if (known.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAscii(String known, ByteBuffer buffer, int at) {
        for (int i = 0; i < known.length(); i++) {
            char c = known.charAt(i);
            if (c >= 0x80 || buffer.get(at + i) != (byte) c) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(ByteBuffer buffer, int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
