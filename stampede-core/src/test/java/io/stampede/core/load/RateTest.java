package io.stampede.core.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateTest {

    @Test
    void parsesTheFormsPeopleWrite() {
        assertThat(Rate.parsePerSecond("500/s")).isEqualTo(500);
        assertThat(Rate.parsePerSecond("500")).isEqualTo(500);
        assertThat(Rate.parsePerSecond("30/m")).isEqualTo(0.5);
        assertThat(Rate.parsePerSecond("1.5 / s")).isEqualTo(1.5);
        assertThat(Rate.parsePerSecond("2/ms")).isEqualTo(2000);
        assertThat(Rate.parsePerSecond("3600/h")).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotARate() {
        assertThatThrownBy(() -> Rate.parsePerSecond("-1")).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> Rate.parsePerSecond("0/s")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> Rate.parsePerSecond("fast")).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> Rate.parsePerSecond("1e308")).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> Rate.parsePerSecond("99999999999/s")).hasMessageContaining("limit");
        assertThatThrownBy(() -> Rate.check(Double.NaN, "NaN")).hasMessageContaining("above 0");
    }

    @Test
    void formatsShortly() {
        assertThat(Rate.format(500)).isEqualTo("500/s");
        assertThat(Rate.format(0.5)).isEqualTo("0.5/s");
    }
}
