package dev.mediagc.internal.sweep;

import dev.mediagc.OrphanListFormat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spi.StoredObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class OrphanListWriterTest {

    /** Every character some common line reader ends a line at. */
    private static final String SEPARATORS = "\n\r\u000B\u000C\u001C\u001D\u001E\u0085\u2028\u2029";

    @TempDir
    Path temp;

    private static CandidateSpool spoolOf(List<String> keys) throws IOException {
        CandidateSpool spool = new CandidateSpool();
        for (String key : keys) {
            spool.add(new StoredObject(key, 1, Instant.EPOCH));
        }
        return spool;
    }

    @Test
    void mergesRunsSpilledBesideTheListIntoOneSortedListAndLeavesNoRunBehind() throws Exception {
        Random random = new Random(3);
        List<String> keys = new ArrayList<>();
        try (CandidateSpool spool = new CandidateSpool()) {
            for (int i = 0; i < 25_000; i++) {
                String key = "photos/" + random.nextInt(2000) + "/caf\u00e9-" + random.nextInt(1_000_000) + ".jpg";
                keys.add(key);
                spool.add(new StoredObject(key, 1, Instant.EPOCH));
            }
            Path list = temp.resolve("orphans.txt");

            spool.add(new StoredObject("evil\nlogo.png", 1, Instant.EPOCH));

            long left = OrphanListWriter.write(spool, list, OrphanListFormat.LINES, 1_000); // 25 runs to merge

            assertThat(left).as("a name with a line break would read as two keys").isEqualTo(1);

            keys.sort(null);
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(keys);
            try (var leftovers = Files.list(temp)) {
                assertThat(leftovers).containsExactly(list);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\u000B", "\u000C", "\u001C", "\u001D", "\u001E", "\u0085", "\u2028", "\u2029"})
    void aLineListLeavesOutANameHoldingAnyLineSeparatorThatWouldSplitIntoALiveKey(String separator) throws IOException {
        // A reader splitting at the separator would see "logo.png", the name of a live file.
        List<String> keys = List.of("banner-2019.png", "old" + separator + "logo.png", "\u00e9t\u00e9.jpg");
        Path list = temp.resolve("orphans.txt");
        try (CandidateSpool spool = spoolOf(keys)) {
            long left = OrphanListWriter.write(spool, list, OrphanListFormat.LINES, 2);

            assertThat(left).isEqualTo(1);
        }
        String text = Files.readString(list, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("banner-2019.png\n\u00e9t\u00e9.jpg\n");
        assertThat(pythonSplitLines(text)).containsExactly("banner-2019.png", "\u00e9t\u00e9.jpg");
    }

    @ParameterizedTest
    @EnumSource(value = OrphanListFormat.class, names = {"NUL", "JSONL"})
    void nulAndJsonLinesHoldEveryNameAndReadBackExactlyInTheSameOrder(OrphanListFormat format) throws IOException {
        List<String> keys = new ArrayList<>(List.of("photos/caf\u00e9 terrasse.jpg", "a\nb.jpg", "\u6771\u4eac.png",
                "quote\"and\\backslash.jpg", "tab\there.jpg"));
        for (char separator : SEPARATORS.toCharArray()) {
            keys.add("old" + separator + "logo.png");
        }
        Path list = temp.resolve("orphans." + format.name().toLowerCase());
        try (CandidateSpool spool = spoolOf(keys)) {
            assertThat(OrphanListWriter.write(spool, list, format, 3)).isZero();
        }

        List<String> readBack = format == OrphanListFormat.NUL ? readNul(list) : readJsonLines(list);

        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertThat(readBack).containsExactlyElementsOf(sorted);
    }

    @Test
    void jsonLinesEscapeEveryLineSeparatorSoEvenSplitlinesReadsOneObjectPerLine() throws IOException {
        List<String> keys = new ArrayList<>();
        for (char separator : SEPARATORS.toCharArray()) {
            keys.add("old" + separator + "logo.png");
        }
        Path list = temp.resolve("orphans.jsonl");
        try (CandidateSpool spool = spoolOf(keys)) {
            OrphanListWriter.write(spool, list, OrphanListFormat.JSONL, 100);
        }

        assertThat(pythonSplitLines(Files.readString(list, StandardCharsets.UTF_8))).hasSize(keys.size());
        try (BufferedReader reader = Files.newBufferedReader(list)) {
            assertThat(reader.lines()).hasSize(keys.size());
        }
    }

    /** Splits as Python's str.splitlines does: at every separator above, CR LF counting as one. */
    private static List<String> pythonSplitLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SEPARATORS.indexOf(c) >= 0) {
                lines.add(line.toString());
                line.setLength(0);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                line.append(c);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static List<String> readNul(Path list) throws IOException {
        String text = Files.readString(list, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\0");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }

    private static List<String> readJsonLines(Path list) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> keys = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(Files.readString(list, StandardCharsets.UTF_8)))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                keys.add(json.readTree(line).get("key").asText());
            }
        }
        return keys;
    }
}
