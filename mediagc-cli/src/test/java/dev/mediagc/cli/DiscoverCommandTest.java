package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code mediagc discover} writes a config that {@code mediagc sweep --config} reads as it is: the
 * dataset's file columns and prefixes, the evidence as comments, weak columns as comments only;
 * swept with it (plus the query reference and excludes discover cannot propose) the dataset
 * yields exactly its true orphans.
 */
class DiscoverCommandTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "SQLITE"})
    void theWrittenConfigSweepsTheDatasetToItsTrueOrphans(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 600, 7);
            addDecoysAndAWeakColumn(db, data);
            Map<String, String> before = MediaTree.snapshot(data.media());
            Path config = temp.resolve("discovered.yml");

            CliRun discover = CliRun.of(withUser(db, "discover", "--db", db.url(), "--store", data.media().toString(),
                    "--out", config.toString()));

            assertThat(discover.exit()).as(discover.err()).isZero();
            assertThat(discover.out()).contains("proposal to review", "proposes 5 reference column(s)");
            assertThat(MediaTree.snapshot(data.media())).as("discover changes nothing").isEqualTo(before);
            String yaml = Files.readString(config);
            ConfigFile read = ConfigFile.read(config);
            assertThat(read.list("ref")).extracting(ref -> ref.replace("\"", "").toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrder("accounts_profile.avatar", "documents_document.file",
                            "documents_document.thumbnail", "gallery_photo.image", "mediaitem.filepath");
            assertThat(read.list("strip-prefix")).containsExactlyInAnyOrderElementsOf(DjangoStyleDataset.STRIP_PREFIXES);
            assertThat(read.text("db")).isEqualTo(db.url());
            assertThat(read.text("store")).isEqualTo(data.media().toString());
            assertThat(yaml).contains("#   legacy_note.body: 2.0% of 200 sampled values name a stored object (4 hits)")
                    .contains("sampled values name a stored object")
                    .doesNotContain("blog_post.", "attachment.");

            // Discover proposes no query reference or exclude: the user adds them, as the config says.
            Path orphans = temp.resolve("orphans.txt");
            CliRun sweep = CliRun.of(withUser(db, "sweep", "--config", config.toString(),
                    "--ref-sql", data.queryReference(), "--exclude", "*.tmp", "--exclude", "cache/**",
                    "--list-orphans", orphans.toString()));

            assertThat(sweep.exit()).as(sweep.err() + sweep.out()).isZero();
            assertThat(Files.readAllLines(orphans)).containsExactlyElementsOf(data.expectedOrphans());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE"})
    void neverOverwritesAnExistingConfig(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            Path config = Files.writeString(temp.resolve("mediagc.yml"), "db: mine\n");
            Path media = Files.createDirectories(temp.resolve("media"));

            CliRun run = CliRun.of("discover", "--db", db.url(), "--store", media.toString(), "--out", config.toString());

            assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("already exists");
            assertThat(Files.readString(config)).isEqualTo("db: mine\n");
        }
    }

    private static String[] withUser(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (db.user() != null) {
            all.addAll(List.of("--db-user", db.user()));
        }
        return all.toArray(String[]::new);
    }

    private static void addDecoysAndAWeakColumn(TestDatabase db, DjangoStyleDataset data) throws Exception {
        db.execute("CREATE TABLE blog_post (id INT PRIMARY KEY, title VARCHAR(200), slug VARCHAR(200), "
                        + "cover_name VARCHAR(200), views VARCHAR(20))",
                "CREATE TABLE legacy_note (id INT PRIMARY KEY, body VARCHAR(500))");
        try (Connection c = db.connect();
             PreparedStatement post = c.prepareStatement("INSERT INTO blog_post VALUES (?, ?, ?, ?, ?)");
             PreparedStatement note = c.prepareStatement("INSERT INTO legacy_note VALUES (?, ?)")) {
            for (int i = 0; i < 60; i++) {
                String stored = data.referenced().get(i);
                post.setInt(1, i);
                post.setString(2, "Summer holiday, part " + i);
                post.setString(3, "summer-holiday-part-" + i);
                post.setString(4, stored.contains("/") ? stored.substring(stored.lastIndexOf('/') + 1) : "cover-" + i + ".jpg");
                post.setString(5, Integer.toString(1000 + i * 7));
                post.executeUpdate();
            }
            for (int i = 0; i < 200; i++) {
                note.setInt(1, i);
                note.setString(2, i % 50 == 0 ? Normalizer.normalize(data.referenced().get(i / 50), Normalizer.Form.NFC)
                        : "note number " + i + " about the spring sale");
                note.executeUpdate();
            }
        }
    }
}
