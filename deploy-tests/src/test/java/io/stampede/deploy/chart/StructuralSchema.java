package io.stampede.deploy.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the API server checks of a custom resource against its CRD's structural OpenAPI v3
 * schema, for the parts charts use: types (with {@code x-kubernetes-int-or-string}), required
 * fields, enums, minItems, and fields the schema does not know (the server would silently prune
 * them: a typo in a chart would vanish). Metadata is the server's own business and not checked.
 */
final class StructuralSchema {

    private StructuralSchema() {
    }

    /** Every mismatch as "{@code .path: problem}"; empty when the object fits. */
    static List<String> problems(Map<String, Object> object, Map<String, Object> schema) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> withoutMetadata = new java.util.LinkedHashMap<>(object);
        withoutMetadata.remove("metadata");
        check(withoutMetadata, schema, "", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(Object value, Map<String, Object> schema, String path, List<String> problems) {
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Number || value instanceof String)) {
                problems.add(path + ": expected integer or string, got " + describe(value));
            }
            return;
        }
        Object type = schema.get("type");
        if (type == null) {
            return;
        }
        switch ((String) type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": expected object, got " + describe(value));
                    return;
                }
                Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                Object additional = schema.get("additionalProperties");
                boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    if (properties.containsKey(key)) {
                        check(entry.getValue(), (Map<String, Object>) properties.get(key), path + "." + key, problems);
                    } else if (additional instanceof Map<?, ?> valueSchema) {
                        check(entry.getValue(), (Map<String, Object>) valueSchema, path + "." + key, problems);
                    } else if (!preserve) {
                        problems.add(path + "." + key + ": unknown field (the server would prune it)");
                    }
                }
                for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
                    if (!map.containsKey(required)) {
                        problems.add(path + "." + required + ": required");
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": expected array, got " + describe(value));
                    return;
                }
                Object minItems = schema.get("minItems");
                if (minItems instanceof Number min && list.size() < min.intValue()) {
                    problems.add(path + ": at least " + min + " item(s), got " + list.size());
                }
                if (schema.get("items") instanceof Map<?, ?> items) {
                    for (int i = 0; i < list.size(); i++) {
                        check(list.get(i), (Map<String, Object>) items, path + "[" + i + "]", problems);
                    }
                }
            }
            case "string" -> {
                if (!(value instanceof String)) {
                    problems.add(path + ": expected string, got " + describe(value));
                } else if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
                    problems.add(path + ": " + describe(value) + " is not one of " + allowed);
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(path + ": expected integer, got " + describe(value));
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    problems.add(path + ": expected number, got " + describe(value));
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(path + ": expected boolean, got " + describe(value));
                }
            }
            default -> problems.add(path + ": unknown schema type " + type);
        }
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
