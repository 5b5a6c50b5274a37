package dev.mediagc.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class DurationParserTest {

    @Test
    void readsTheShortFormsAndIso() {
        assertThat(DurationParser.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationParser.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationParser.parse("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(DurationParser.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationParser.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(DurationParser.parse("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(DurationParser.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void saysHowToWriteADurationWhenItCannotReadOne() {
        assertThatThrownBy(() -> DurationParser.parse("5x")).hasMessageContaining("90s, 15m, 6h or 7d");
        assertThatThrownBy(() -> DurationParser.parse("24")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> DurationParser.parse("")).hasMessageContaining("empty");
    }

    @Test
    void formatsBackToTheShortForm() {
        assertThat(DurationParser.format(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(DurationParser.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
