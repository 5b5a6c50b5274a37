package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Setting;
import dev.mediagc.Settings;
import dev.mediagc.internal.config.StoreOptionCatalog;
import dev.mediagc.spi.StoreOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's tables of settings and store options are the catalogs', as the command offers them. */
class SettingsDocumentedTest {

    @Test
    void theReadmesSettingsTableIsTheCatalog() throws IOException {
        assertThat(block("settings")).as("paste this between the README's settings markers")
                .isEqualTo(settingsTable());
    }

    @Test
    void theReadmesStoreOptionsTableIsTheProviders() throws IOException {
        assertThat(block("store-options")).as("paste this between the README's store-options markers")
                .isEqualTo(storeOptionsTable());
    }

    private static String block(String name) throws IOException {
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        String begin = "<!-- " + name + ": made from the catalog, checked by SettingsDocumentedTest -->\n";
        String end = "<!-- " + name + " end -->";
        int from = readme.indexOf(begin);
        assertThat(from).as("README holds " + begin).isNotNegative();
        return readme.substring(from + begin.length(), readme.indexOf(end, from));
    }

    static String settingsTable() {
        StringBuilder table = new StringBuilder("| setting | meaning | default |\n| --- | --- | --- |\n");
        for (Setting setting : Settings.all()) {
            String usage = setting.paramLabel().isEmpty() ? setting.name() : setting.name() + " " + setting.paramLabel();
            table.append("| `").append(usage.replace("|", "\\|")).append("` | ").append(setting.description())
                    .append(setting.repeatable() ? " Repeatable." : "").append(" | ")
                    .append(setting.defaultText().matches("[0-9a-z.]+") && !setting.defaultText().equals("none")
                            && !setting.defaultText().equals("off") ? "`" + setting.defaultText() + "`" : setting.defaultText())
                    .append(" |\n");
        }
        return table.toString();
    }

    static String storeOptionsTable() {
        StringBuilder table = new StringBuilder("| option | meaning | default |\n| --- | --- | --- |\n");
        for (StoreOption option : StoreOptionCatalog.all()) {
            String usage = option.flag() ? option.name() : option.name() + " " + option.paramLabel();
            table.append("| `").append(usage).append("` | ").append(option.description()).append(" | ")
                    .append(option.flag() ? "off" : option.defaultValue() == null ? "none" : "`" + option.defaultValue() + "`")
                    .append(" |\n");
        }
        return table.toString();
    }
}
