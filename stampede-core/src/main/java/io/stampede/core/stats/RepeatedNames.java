package io.stampede.core.stats;

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
    private static final ThreadLocal<RepeatedNames> TABLES = ThreadLocal.withInitial(RepeatedNames::new);

    private final String[] table = new String[SLOTS];

    private RepeatedNames() {
    }

    /**
     * This thread's table, for a caller that reads many names in a row (a binary report frame's
     * hundred): one thread-local lookup instead of one per name.
     */
    public static RepeatedNames forThisThread() {
        return TABLES.get();
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
        String[] table = TABLES.get().table;
        int slot = slot(hash);
        String known = table[slot];
        if (known != null && known.length() == length && known.hashCode() == hash && sameChars(known, chars, offset)) {
            return known;
        }
        return table[slot] = new String(chars, offset, length);
    }

    /**
     * The String of the UTF-8 bytes {@code bytes[at, at + length)}, the one read before when this
     * table holds it. Only ASCII values are matched (their UTF-8 bytes are their chars, and the
     * hash is String's); others are read anew.
     */
    public String ofUtf8(byte[] bytes, int at, int length) {
        if (length > MAX_LENGTH) {
            return new String(bytes, at, length, StandardCharsets.UTF_8);
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + bytes[at + i];
        }
        int slot = slot(hash);
        String known = table[slot];
        if (known != null && known.length() == length && sameAscii(known, bytes, at)) {
            return known;
        }
        return table[slot] = new String(bytes, at, length, StandardCharsets.UTF_8);
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

    private static boolean sameAscii(String known, byte[] bytes, int at) {
        for (int i = 0; i < known.length(); i++) {
            char c = known.charAt(i);
            if (c >= 0x80 || bytes[at + i] != (byte) c) {
                return false;
            }
        }
        return true;
    }
}
