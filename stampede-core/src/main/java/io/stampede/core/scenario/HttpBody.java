package io.stampede.core.scenario;

import java.util.Map;

/** The body of an {@link HttpStep}. */
public sealed interface HttpBody {

    /**
     * A JSON document: a tree of {@code Map<String,Object>}, {@code List<Object>}, String,
     * Number, Boolean and null, as written in YAML; strings are templates.
     */
    record Json(Object document) implements HttpBody {
    }

    /** {@code application/x-www-form-urlencoded}; values are templates. */
    record Form(Map<String, String> fields) implements HttpBody {

        public Form {
            fields = Map.copyOf(fields);
        }
    }

    /** Raw text (a template) with its content type (null: text/plain). */
    record Raw(String text, String contentType) implements HttpBody {
    }
}
