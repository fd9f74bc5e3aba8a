package io.stampede.core.load;

/**
 * A load specification that cannot run. {@link #field()} is the canonical field name
 * ({@code rate}, {@code max_in_flight}, ...) so each front end can name it its own way: the CLI
 * as {@code --max-in-flight}, {@code POST /swarm} as {@code max_in_flight}, a scenario with the
 * line and column of the key.
 */
public final class LoadSpecException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public LoadSpecException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
