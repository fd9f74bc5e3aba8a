package io.stampede.coordinator.history;

import java.util.regex.Pattern;

/** Run ids name directories on disk, so only a safe alphabet is accepted (no path traversal). */
public final class RunIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private RunIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** @throws InvalidRunIdException when the id is not of letters, digits, '-' and '_' (at most 100) */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new InvalidRunIdException(id);
        }
        return id;
    }

    /** A run id that could not name a directory of the store. */
    public static final class InvalidRunIdException extends IllegalArgumentException {
        InvalidRunIdException(String id) {
            super("id: '" + id + "' is not a run id (letters, digits, '-' and '_', at most 100)");
        }
    }
}
