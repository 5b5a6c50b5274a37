package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'mediagc sweep --plan', 'mediagc plan show' and 'mediagc apply' on a folder and on an S3 prefix. */
class PlanCommandTest {

    @TempDir
    Path temp;

    @Test
    void planReviewApplyAndRestoreOnAFolder() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 6, 4)) {
            Path plan = temp.resolve("plan.jsonl.gz");
            String[] common = {"--db", app.db.url(), "--ref", "profile.avatar", "--store", app.media.toString()};

            CliRun planned = CliRun.of(concat(new String[] {"sweep", "--plan", plan.toString()}, common));
            boolean planWroteIntoTheStore = Files.exists(app.media.resolve(".mediagc"));
            CliRun shown = CliRun.of("plan", "show", plan.toString());
            app.write("avatars/after-the-plan.png", java.time.Duration.ofDays(10));
            CliRun applied = CliRun.of(concat(new String[] {"apply", plan.toString()}, common));

            assertThat(planned.exit()).as(planned.err()).isZero();
            assertThat(planned.out()).contains("Plan written to " + plan + " (4 candidates)");
            assertThat(planWroteIntoTheStore).isFalse();
            assertThat(shown.exit()).as(shown.err()).isZero();
            assertThat(shown.out()).contains("candidates 4 of 10 objects listed").contains("avatars/");
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.out()).containsPattern("(?i)quarantined\\s*:?\\s*4");
            app.orphans.forEach(key -> assertThat(app.media.resolve(key)).doesNotExist());
            app.live.forEach(key -> assertThat(app.media.resolve(key)).exists());
            assertThat(app.media.resolve("avatars/after-the-plan.png")).exists();

            String runId = applied.out().lines().filter(l -> l.contains("mediagc restore ")).findFirst()
                    .map(l -> l.replaceAll(".*mediagc restore (\\S+).*", "$1")).orElseThrow();
            CliRun restored = CliRun.of("restore", runId, "--store", app.media.toString());
            assertThat(restored.exit()).as(restored.err()).isZero();
            app.orphans.forEach(key -> assertThat(app.media.resolve(key)).hasContent("content of " + key));
        }
    }

    @Test
    void theSameSettingsAreNeededAndMistakesGetOneLine() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 6, 4)) {
            Path plan = temp.resolve("plan.jsonl.gz");
            String[] common = {"--db", app.db.url(), "--ref", "profile.avatar", "--store", app.media.toString()};
            CliRun.of(concat(new String[] {"sweep", "--plan", plan.toString()}, common));

            CliRun otherSettings = CliRun.of(concat(new String[] {"apply", plan.toString(), "--exclude", "avatars/1/**"}, common));
            CliRun planAndApply = CliRun.of(concat(new String[] {"sweep", "--plan", temp.resolve("p2").toString(), "--apply"}, common));
            CliRun noPlan = CliRun.of(concat(new String[] {"apply", temp.resolve("missing.jsonl.gz").toString()}, common));
            CliRun again = CliRun.of(concat(new String[] {"sweep", "--plan", plan.toString()}, common));

            assertThat(otherSettings.exit()).isEqualTo(ExitCode.REFUSED);
            assertThat(otherSettings.out()).contains("made with other excludes, derived rules");
            assertThat(planAndApply.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(planAndApply.err()).contains("--plan writes a plan in a dry run");
            assertThat(noPlan.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(noPlan.err().lines().toList()).singleElement().asString()
                    .startsWith("mediagc: no plan file at ").contains("missing.jsonl.gz");
            assertThat(again.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(again.err()).contains("a plan is never replaced");
            app.orphans.forEach(key -> assertThat(app.media.resolve(key)).exists());
        }
    }

    @Test
    void planAndApplyOnAnS3PrefixKeepAnObjectUploadedAgainSinceThePlan() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 5, 4)) {
            BlobStore blobs = server.blobs();
            SmallAppInABucket.upload(blobs, app);
            Path plan = temp.resolve("s3-plan.jsonl.gz");
            String[] common = {"--db", app.db.url(), "--ref", "profile.avatar", "--store", "s3://uploads/media",
                "--s3-endpoint", server.endpoint().toString(), "--s3-path-style", "--min-age", "0s", "--force",
                "--max-orphan-ratio", "1"};

            CliRun planned = CliRun.of(concat(new String[] {"sweep", "--plan", plan.toString()}, common));
            String uploadedAgain = app.orphans.get(0);
            blobs.putBlob("uploads", blobs.blobBuilder("media/" + uploadedAgain).payload("a new upload, same name").build());
            CliRun applied = CliRun.of(concat(new String[] {"apply", plan.toString(), "--action", "delete"}, common));

            assertThat(planned.exit()).as(planned.err()).isZero();
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(blobs.blobExists("uploads", "media/" + uploadedAgain)).isTrue();
            for (String key : app.orphans.subList(1, app.orphans.size())) {
                assertThat(blobs.blobExists("uploads", "media/" + key)).as(key).isFalse();
            }
            for (String key : app.live) {
                assertThat(blobs.blobExists("uploads", "media/" + key)).isTrue();
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
