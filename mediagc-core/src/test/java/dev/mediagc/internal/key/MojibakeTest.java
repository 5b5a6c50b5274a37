package dev.mediagc.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class MojibakeTest {

    @Test
    void utf8NamesReadAsLatin1AreGarbledAsMySqlGarblesThem() {
        assertThat(Mojibake.of("Straße.jpg")).isEqualTo("StraÃŸe.jpg");
        assertThat(Mojibake.of("café/Ürün.png")).isEqualTo("cafÃ©/ÃœrÃ¼n.png");
        assertThat(Mojibake.of("plain/ascii.jpg")).isNull();
    }

    @Test
    void garbledNamesAreRepairedAndOtherTextIsLeftAlone() {
        for (String name : new String[] {"Straße.jpg", "café/Ürün.png", "東京/ΟΔΟΣ 1.jpg", "emoji 😀.png", "Á.jpg"}) {
            assertThat(Mojibake.repair(Mojibake.of(name))).isEqualTo(name);
        }
        assertThat(Mojibake.repair("Straße.jpg")).as("not mojibake: ß alone is no UTF-8").isNull();
        assertThat(Mojibake.repair("東京.jpg")).as("beyond latin1").isNull();
    }
}
