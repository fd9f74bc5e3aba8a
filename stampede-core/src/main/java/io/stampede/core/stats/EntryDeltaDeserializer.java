package io.stampede.core.stats;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a {@link StatsDelta.EntryDelta} field by field straight into its constructor. The
 * coordinator parses fifty of them per worker report, a thousand reports a second: Jackson's
 * generic record path buffers each property (boxing the six longs) and calls the canonical
 * constructor reflectively. Same JSON shape as the generic path: unknown fields are skipped
 * (a newer worker may add some), missing ones are 0 or null.
 */
final class EntryDeltaDeserializer extends ValueDeserializer<StatsDelta.EntryDelta> {

    @Override
    public StatsDelta.EntryDelta deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            token = p.nextToken();
        }
        String method = null;
        String name = null;
        long numRequests = 0;
        long numFailures = 0;
        long totalResponseTimeMicros = 0;
        long minResponseTimeMicros = 0;
        long maxResponseTimeMicros = 0;
        long totalContentLength = 0;
        String histogram = null;
        String correctedHistogram = null;
        for (; token == JsonToken.PROPERTY_NAME; token = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "method" -> method = repeated(p, value, ctxt);
                case "name" -> name = repeated(p, value, ctxt);
                case "numRequests" -> numRequests = number(p, value, ctxt);
                case "numFailures" -> numFailures = number(p, value, ctxt);
                case "totalResponseTimeMicros" -> totalResponseTimeMicros = number(p, value, ctxt);
                case "minResponseTimeMicros" -> minResponseTimeMicros = number(p, value, ctxt);
                case "maxResponseTimeMicros" -> maxResponseTimeMicros = number(p, value, ctxt);
                case "totalContentLength" -> totalContentLength = number(p, value, ctxt);
                case "histogram" -> histogram = text(p, value, ctxt);
                case "correctedHistogram" -> correctedHistogram = text(p, value, ctxt);
                default -> p.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            return (StatsDelta.EntryDelta) ctxt.handleUnexpectedToken(StatsDelta.EntryDelta.class, p);
        }
        return new StatsDelta.EntryDelta(method, name, numRequests, numFailures, totalResponseTimeMicros,
                minResponseTimeMicros, maxResponseTimeMicros, totalContentLength, histogram, correctedHistogram);
    }

    /** {@link #text} of a value that repeats across reports (a name, a method): see {@link RepeatedNames}. */
    private static String repeated(JsonParser p, JsonToken value, DeserializationContext ctxt) {
        if (value != JsonToken.VALUE_STRING) {
            return text(p, value, ctxt);
        }
        return RepeatedNames.of(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
    }

    private static String text(JsonParser p, JsonToken value, DeserializationContext ctxt) {
        if (value == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return (String) ctxt.handleUnexpectedToken(String.class, p);
    }

    private static long number(JsonParser p, JsonToken value, DeserializationContext ctxt) {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        return (Long) ctxt.handleUnexpectedToken(Long.TYPE, p);
    }
}
