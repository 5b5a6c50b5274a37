package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The last-run comparison knows each --ref-sql by its query, not by where it stands on the
 * command line: reordering the options between runs compares each query with itself.
 */
@Tag("fast")
class LastRunBaselineCommandTest {

    private static final String PRODUCTS = "SELECT image FROM product";
    private static final String LOGOS = "SELECT logo FROM site_settings";

    @TempDir
    Path temp;
    TestDatabase db;
    Path media;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.Kind.SQLITE.create(temp);
        media = Files.createDirectories(temp.resolve("media"));
        db.execute("CREATE TABLE product (id INT PRIMARY KEY, image VARCHAR(200))",
                "CREATE TABLE site_settings (id INT PRIMARY KEY, logo VARCHAR(200))",
                "INSERT INTO site_settings VALUES (1, 'logo/light.svg'), (2, 'logo/dark.svg')");
        for (int i = 0; i < 12; i++) {
            db.execute("INSERT INTO product VALUES (" + i + ", 'products/p" + i + ".jpg')");
            write("products/p" + i + ".jpg");
        }
        write("logo/light.svg");
        write("logo/dark.svg");
        write("products/discontinued.jpg");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void swappingTwoRefSqlOptionsBetweenAppliedRunsIsNotRefused() {
        CliRun first = apply("--ref-sql", PRODUCTS, "--ref-sql", LOGOS);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();

        CliRun swapped = apply("--ref-sql", LOGOS, "--ref-sql", PRODUCTS);

        assertThat(swapped.exit()).as(swapped.out() + swapped.err()).isZero();
        assertThat(swapped.out()).contains("outcome: APPLIED");
    }

    @Test
    void aQueryYieldingUnderHalfIsStillCaughtWhereverItStands() {
        CliRun first = apply("--ref-sql", PRODUCTS, "--ref-sql", LOGOS);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        db.execute("DELETE FROM product WHERE id >= 4");

        CliRun swapped = apply("--ref-sql", LOGOS, "--ref-sql", "SELECT image\n  FROM product", "--max-orphan-ratio", "1");

        assertThat(swapped.exit()).as(swapped.out() + swapped.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(swapped.out()).contains("source query SELECT image FROM product yields 4 values, under half of the 12");
    }

    private CliRun apply(String... references) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", db.url(), "--store", media.toString(), "--apply"));
        args.addAll(List.of(references));
        return CliRun.of(args.toArray(String[]::new));
    }

    private void write(String key) {
        try {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
