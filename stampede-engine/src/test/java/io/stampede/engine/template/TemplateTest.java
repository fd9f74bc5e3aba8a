package io.stampede.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final TemplateContext USER = new TemplateContext() {
        @Override
        public String variable(String name) {
            return Map.of("id", "42", "feeder.city", "Oslo").get(name);
        }

        @Override
        public long userId() {
            return 7;
        }

        @Override
        public long iteration() {
            return 3;
        }
    };

    @Test
    void rendersVariablesAndBuiltIns() {
        assertThat(Template.compile("/todo/${id}?u=${user.id}&i=${ iteration }&c=${feeder.city}").render(USER))
                .isEqualTo("/todo/42?u=7&i=3&c=Oslo");
        assertThat(Template.compile("${random.uuid}").render(USER))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        for (int i = 0; i < 200; i++) {
            assertThat(Integer.parseInt(Template.compile("${random.int(5, 7)}").render(USER))).isBetween(5, 7);
        }
        long now = System.currentTimeMillis();
        assertThat(Long.parseLong(Template.compile("${timestamp}").render(USER))).isBetween(now - 1000, now + 1000);
        assertThat(Template.compile("${timestamp.iso}").render(USER)).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(Template.compile("plain").isConstant()).isTrue();
        assertThat(Template.compile("a${id}").isConstant()).isFalse();
    }

    @Test
    void badTemplatesFailAtCompileAndUndefinedVariablesAtRender() {
        assertThatThrownBy(() -> Template.compile("/x/${id")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Template.compile("${random.float}")).hasMessageContaining("unknown built-in");
        assertThatThrownBy(() -> Template.compile("${random.int(9,1)}")).hasMessageContaining("above");
        assertThatThrownBy(() -> Template.compile("${a b}")).hasMessageContaining("invalid expression");
        assertThatThrownBy(() -> Template.compile("/todo/${nope}").render(USER)).hasMessage("undefined variable 'nope'");
    }

    @Test
    void jsonTemplatesKeepTypesAndRenderStrings() {
        JsonTemplate json = JsonTemplate.compile(Map.of("Description", "item ${id}", "Completed", false,
                "Tags", List.of("u${user.id}", 5)));
        String rendered = new String(json.render(USER), StandardCharsets.UTF_8);
        assertThat(rendered).contains("\"Description\":\"item 42\"", "\"Completed\":false", "\"Tags\":[\"u7\",5]");
    }
}
