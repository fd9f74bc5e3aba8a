package io.stampede.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON document whose strings are templates (keys stay literal), compiled once per scenario.
 * Numbers, booleans and null keep their type.
 */
public final class JsonTemplate {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Object compiled;

    private JsonTemplate(Object compiled) {
        this.compiled = compiled;
    }

    /** @param document a tree of Map, List, String, Number, Boolean and null */
    public static JsonTemplate compile(Object document) {
        return new JsonTemplate(compileNode(document));
    }

    private static Object compileNode(Object node) {
        if (node instanceof String text) {
            Template template = Template.compile(text);
            return template.isConstant() ? text : template;
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, value) -> out.put(String.valueOf(key), compileNode(value)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(value -> out.add(compileNode(value)));
            return out;
        }
        return node;
    }

    /** @throws TemplateException when a variable is undefined */
    public byte[] render(TemplateContext context) {
        return MAPPER.writeValueAsBytes(renderNode(compiled, context));
    }

    private static Object renderNode(Object node, TemplateContext context) {
        if (node instanceof Template template) {
            return template.render(context);
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, value) -> out.put(key, renderNode(value, context)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(value -> out.add(renderNode(value, context)));
            return out;
        }
        return node;
    }
}
