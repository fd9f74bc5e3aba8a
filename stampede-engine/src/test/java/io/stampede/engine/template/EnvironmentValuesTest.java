package io.stampede.engine.template;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentValuesTest {

    private static final TemplateContext NOBODY = new TemplateContext() {
        @Override
        public String variable(String name) {
            return null;
        }

        @Override
        public long userId() {
            return 0;
        }

        @Override
        public long iteration() {
            return 0;
        }
    };

    @AfterEach
    void realEnvironment() {
        EnvironmentValues.useEnvironment(null);
    }

    @Test
    void aTemplateReadsTheWorkersEnvironmentAndTheValueIsMaskedInWhatLeavesTheProcess() {
        EnvironmentValues.useEnvironment(Map.of("API_TOKEN", "tok-9f8e7d")::get);
        assertThat(Template.compile("Bearer ${env.API_TOKEN}").render(NOBODY)).isEqualTo("Bearer tok-9f8e7d");
        assertThat(EnvironmentValues.redact("401 for Bearer tok-9f8e7d at /x?k=tok-9f8e7d"))
                .isEqualTo("401 for Bearer *** at /x?k=***");
    }

    @Test
    void anUnsetVariableFailsTheRequestSayingWhich() {
        EnvironmentValues.useEnvironment(Map.<String, String>of()::get);
        assertThatThrownBy(() -> Template.compile("${env.MISSING_ONE}").render(NOBODY))
                .isInstanceOf(TemplateException.class).hasMessage("environment variable MISSING_ONE is not set on this worker");
    }

    @Test
    void theRealEnvironmentIsTheDefault() {
        String path = System.getenv("PATH");
        assertThat(Template.compile("${env.PATH}").render(NOBODY)).isEqualTo(path);
        assertThat(EnvironmentValues.redact("x" + path + "y")).isEqualTo("x***y");
    }

    @Test
    void shortValuesAreNotMasked() {
        EnvironmentValues.useEnvironment(Map.of("DEBUG", "1")::get);
        assertThat(Template.compile("${env.DEBUG}").render(NOBODY)).isEqualTo("1");
        assertThat(EnvironmentValues.redact("took 1 ms")).isEqualTo("took 1 ms");
    }
}
