package dev.mediagc.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's verdict can fail: a referenced file taken behind the application's back is named, with where it went. */
class LossCheckTest {

    @TempDir
    Path temp;
    TestDatabase db;
    Path media;
    GroundTruth truth;
    ApplicationSimulator app;

    @BeforeEach
    void seedAnApplication() throws Exception {
        db = TestDatabase.Kind.POSTGRESQL.create(temp);
        media = Files.createDirectories(temp.resolve("media"));
        truth = new GroundTruth();
        app = new ApplicationSimulator(db, media, Files.createDirectories(temp.resolve("upload-tmp")), truth,
                Duration.ofSeconds(2));
        app.seed(30, 10, new Random(7));
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private LossCheck.Findings check() throws Exception {
        return new LossCheck(db, media, truth, app).run();
    }

    @Test
    void findsNothingLostWhenEveryReferencedFileIsInPlace() throws Exception {
        LossCheck.Findings findings = check();

        assertThat(findings.lost()).isEmpty();
        assertThat(findings.rowsBy()).containsOnlyKeys(GroundTruth.Protection.SEEN_AFTER_COMMIT);
        assertThat(findings.rowsBy().get(GroundTruth.Protection.SEEN_AFTER_COMMIT)).isEqualTo(findings.rowsChecked())
                .isGreaterThanOrEqualTo(30);
    }

    @Test
    void namesEachReferencedFileDeletedMovedToQuarantineOrOverwritten() throws Exception {
        List<String> keys = truth.rows().values().stream().map(GroundTruth.Row::key).distinct().sorted().toList();
        String deleted = keys.get(0);
        String quarantined = keys.get(1);
        String overwritten = keys.get(2);
        Files.delete(media.resolve(deleted));
        Path run = media.resolve(".mediagc/quarantine/20261125T000000Z-abcd");
        Files.createDirectories(run.resolve(quarantined).getParent());
        Files.move(media.resolve(quarantined), run.resolve(quarantined));
        Files.writeString(media.resolve(overwritten), "something else");

        List<LostFile> lost = check().lost();

        assertThat(lost).extracting(LostFile::key).containsExactlyInAnyOrder(deleted, quarantined, overwritten);
        assertThat(lost).filteredOn(l -> l.key().equals(deleted)).singleElement()
                .satisfies(l -> assertThat(l.where()).contains("gone for good"))
                .satisfies(l -> assertThat(l.history()).anySatisfy(h -> assertThat(h).contains("referenced at the start")));
        assertThat(lost).filteredOn(l -> l.key().equals(quarantined)).singleElement()
                .satisfies(l -> assertThat(l.where()).contains("quarantine run 20261125T000000Z-abcd"));
        assertThat(lost).filteredOn(l -> l.key().equals(overwritten)).singleElement()
                .satisfies(l -> assertThat(l.where()).contains("other content"));
    }

    @Test
    void holdsOnlyKeysThatARowNamesAgainstTheSweep() throws Exception {
        try (var files = Files.walk(media)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        int referencedKeys = (int) truth.rows().values().stream().map(GroundTruth.Row::key).distinct().count();

        assertThat(check().lost()).hasSize(referencedKeys);
    }
}
