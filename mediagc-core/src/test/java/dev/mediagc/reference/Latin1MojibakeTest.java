package dev.mediagc.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Latin1MojibakeTest {

    @Test
    void utf8NamesReadAsLatin1AreGarbledAsMySqlGarblesThem() {
        assertThat(Latin1Mojibake.of("Straße.jpg")).isEqualTo("StraÃŸe.jpg");
        assertThat(Latin1Mojibake.of("café/Ürün.png")).isEqualTo("cafÃ©/ÃœrÃ¼n.png");
        assertThat(Latin1Mojibake.of("plain/ascii.jpg")).isNull();
    }

    @Test
    void garbledNamesAreRepairedAndOtherTextIsLeftAlone() {
        for (String name : new String[] {"Straße.jpg", "café/Ürün.png", "東京/ΟΔΟΣ 1.jpg", "emoji 😀.png", "Á.jpg"}) {
            assertThat(Latin1Mojibake.repair(Latin1Mojibake.of(name))).isEqualTo(name);
        }
        assertThat(Latin1Mojibake.repair("Straße.jpg")).as("not mojibake: ß alone is no UTF-8").isNull();
        assertThat(Latin1Mojibake.repair("東京.jpg")).as("beyond latin1").isNull();
    }
}
