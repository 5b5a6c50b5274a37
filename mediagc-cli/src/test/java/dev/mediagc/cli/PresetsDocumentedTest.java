package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The plain settings the README shows for a preset are what 'mediagc presets show' prints. */
@Tag("fast")
class PresetsDocumentedTest {

    private static final Pattern SHOWN = Pattern.compile("```yaml\\n# mediagc presets show ([a-z0-9-]+)\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyPresetTheReadmeShowsIsShownAsTheCommandPrintsIt() throws IOException {
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        Matcher shown = SHOWN.matcher(readme);
        List<String> names = new ArrayList<>();
        while (shown.find()) {
            names.add(shown.group(1));
            CliRun show = CliRun.of("presets", "show", shown.group(1));
            assertThat(show.exit()).isZero();
            String printed = show.out().substring(show.out().indexOf('\n') + 1);
            assertThat(shown.group(2)).as("README's block for preset " + shown.group(1)).isEqualTo(printed);
        }
        assertThat(names).contains("activestorage", "paperclip", "drupal");
    }
}
