package dev.mediagc.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.PlanSummary;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run writes a plan; apply acts on exactly its candidates, each looked up in a fresh mark and
 * re-statted, behind every guard (real SQLite, real local store).
 */
class PlanAndApplyTest {

    @TempDir
    Path temp;
    SmallApp app;
    Path plan;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 20, 8);
        // Shapes a sort by UTF-16 code unit or by folder would put elsewhere than key order does.
        for (String key : List.of("Zoë/ünïcode 📷.jpg", "Zoë/\uFB01le.jpg", "a b/x.png", "z.png")) {
            app.write(key, Duration.ofDays(10));
            app.orphans.add(key);
        }
        plan = temp.resolve("plan.jsonl.gz");
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aPlanListsEveryOrphanOnceInKeyOrderAndChangesNothing() throws IOException {
        SweepReport report = app.sweep().load().plan(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.DRY_RUN);
        List<String> expected = new ArrayList<>(app.orphans);
        expected.sort(KeyOrder.COMPARATOR);
        assertThat(candidateKeys(plan)).containsExactlyElementsOf(expected);
        assertThat(app.media.resolve(".mediagc")).doesNotExist();
        PlanHeader header = PlanReader.check(plan);
        assertThat(header.store()).isEqualTo(LocalStore.at(app.media).location());
        assertThat(header.figures().objects()).isEqualTo(app.live.size() + app.orphans.size());
        assertThat(header.figures().orphans()).isEqualTo(app.orphans.size());
        assertThat(header.database()).isNotNull();
    }

    @Test
    void applyActsOnThePlansCandidatesOnlyAndNeverOnAFileTheListingDidNotPlan() throws IOException {
        app.sweep().load().plan(plan);
        app.write("avatars/late-orphan.png", Duration.ofDays(10)); // an orphan, but not in the plan

        SweepReport report = app.sweep().apply(Action.QUARANTINE).load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size());
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).doesNotExist());
        app.live.forEach(key -> assertThat(app.media.resolve(key)).exists());
        assertThat(app.media.resolve("avatars/late-orphan.png")).exists();
        assertThat(MediaGc.runs(LocalStore.at(app.media)).restore(report.runId()).restored()).isEqualTo(app.orphans.size());
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).hasContent("content of " + key));
    }

    @Test
    void aCandidateReferencedSinceThePlanIsKept() throws IOException {
        app.sweep().load().plan(plan);
        String adopted = app.orphans.get(2);
        app.db.execute("INSERT INTO profile VALUES (1000, '" + adopted + "')");

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(adopted)).exists();
        assertThat(report.keptReferencedAgain().samples()).containsExactly(adopted);
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size() - 1);
    }

    @Test
    void aCandidateWrittenAgainSinceThePlanIsKept() throws IOException {
        app.sweep().load().plan(plan);
        String rewritten = app.orphans.get(1);
        Path file = app.media.resolve(rewritten);
        Files.writeString(file, "uploaded again, same name");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(9))));

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(file).hasContent("uploaded again, same name");
        assertThat(report.keptChanged().samples()).containsExactly(rewritten);
    }

    /**
     * A plan from a listing without versions and with times in milliseconds (a Hadoop listing) is
     * compared, in the one stat right before acting, by size and by time at that precision: an
     * object uploaded again with the same size and another time is kept, the rest are acted on.
     */
    @Test
    void aPlanWithoutVersionsIsComparedBySizeAndTimeAtThePrecisionItRecorded() throws IOException {
        app.sweep().load().plan(plan);
        withoutVersions(plan);
        String rewritten = app.orphans.get(1);
        Path file = app.media.resolve(rewritten);
        Files.writeString(file, "CONTENT of " + rewritten); // same size
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(9))));

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(file).hasContent("CONTENT of " + rewritten);
        assertThat(report.keptChanged().samples()).containsExactly(rewritten);
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size() - 1);
    }

    /**
     * A plan without versions (a listing that gave none) is moved conditionally on the version its
     * one stat saw: a file uploaded again between that stat and its move stays at its key.
     */
    @Test
    void aPlanWithoutVersionsIsMovedOnlyIfStillTheVersionItsStatSaw() throws IOException {
        app.sweep().load().plan(plan);
        withoutVersions(plan);
        String reuploaded = app.orphans.get(2);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        dev.mediagc.testing.ForwardingStore store = new dev.mediagc.testing.ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                if (key.equals(reuploaded) && done.compareAndSet(false, true)) {
                    Path file = app.media.resolve(reuploaded);
                    Path upload = file.resolveSibling("upload.tmp");
                    Files.writeString(upload, "a live file, uploaded again");
                    Files.setLastModifiedTime(upload, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(9))));
                    Files.move(upload, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // a new inode: a new version
                }
                super.quarantine(key, runId);
            }
        };

        SweepReport report = app.sweep().store(store).apply(Action.QUARANTINE).load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(done).as("the upload came between the stat and the move").isTrue();
        assertThat(app.media.resolve(reuploaded)).hasContent("a live file, uploaded again");
        assertThat(report.keptChanged().samples()).containsExactly(reuploaded);
    }

    /** Rewrites a plan's candidates as a listing without versions gives them: no version, times to the millisecond. */
    private static void withoutVersions(Path plan) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = dev.mediagc.internal.report.Json.mapper();
        List<String> lines = new ArrayList<>();
        for (String line : lines(plan)) {
            com.fasterxml.jackson.databind.JsonNode node = json.readTree(line);
            if (node.has("key") && node.has("reason")) {
                PlannedCandidate listed = json.treeToValue(node, PlannedCandidate.class);
                line = json.writeValueAsString(new PlannedCandidate(listed.key(), listed.size(),
                        listed.modified().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), null, listed.reason()));
            }
            lines.add(line);
        }
        writeLines(plan, lines);
    }

    @Test
    void applyRunsTheSweepsGuards() throws IOException {
        app.sweep().load().plan(plan);

        SweepReport report = app.sweep().maxDelete(3).load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("max-delete");
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).exists());
    }

    @Test
    void refusesAPlanOlderThanTheLimit() throws IOException {
        app.sweep().load().plan(plan);
        Clock eightDaysOn = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));

        SweepReport report = app.sweep().clock(eightDaysOn).load().apply(plan);
        SweepReport allowed = app.sweep().clock(eightDaysOn).maxPlanAge(Duration.ofDays(9)).load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("max-plan-age").contains("Make a new plan");
        assertThat(allowed.outcome()).as(allowed.reason()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void refusesAPlanMadeForAnotherStore() throws IOException {
        app.sweep().load().plan(plan);
        Path other = Files.createDirectories(temp.resolve("other-media"));
        for (String key : app.orphans) {
            Path copy = other.resolve(key);
            Files.createDirectories(copy.getParent());
            Files.copy(app.media.resolve(key), copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }

        SweepReport report = app.sweep().store(LocalStore.at(other)).load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("was made for store");
        app.orphans.forEach(key -> assertThat(other.resolve(key)).exists());
    }

    @Test
    void refusesAPlanMadeAgainstAnotherDatabase() throws IOException {
        app.sweep().load().plan(plan);
        try (TestDatabase staging = TestDatabase.Kind.SQLITE.create(temp)) {
            staging.execute("CREATE TABLE profile (id INT PRIMARY KEY, avatar VARCHAR(500))");

            SweepReport report = MediaGc.configure().dataSource(staging.dataSource()).reference("profile.avatar")
                    .store(LocalStore.at(app.media)).load().apply(plan);

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.reason()).contains("was made against database");
        }
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).exists());
    }

    @Test
    void refusesAPlanMadeWithOtherSettings() throws IOException {
        app.sweep().load().plan(plan);

        SweepReport withExclude = app.sweep().exclude("avatars/9/**").load().apply(plan);
        SweepReport longerGrace = app.sweep().minAge(Duration.ofDays(2)).load().apply(plan);
        SweepReport moreReferences = app.sweep().reference("profile.id").load().apply(plan);

        assertThat(withExclude.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(withExclude.reason()).contains("made with other excludes, derived rules");
        assertThat(longerGrace.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(longerGrace.reason()).as("names the setting that differs").contains("other `min-age` (the plan's 1d, this run's 2d)");
        assertThat(moreReferences.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(moreReferences.reason()).contains("other references (the plan's [").doesNotContain("min-age");
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).exists());
    }

    @Test
    void aPlanCutShortIsNotAppliedEvenInPart() throws IOException {
        app.sweep().load().plan(plan);
        List<String> lines = lines(plan);
        writeLines(plan, lines.subList(0, lines.size() - 1)); // no trailer

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("without its trailer");
        app.orphans.forEach(key -> assertThat(app.media.resolve(key)).exists());
        assertThat(app.media.resolve(".mediagc/journal")).doesNotExist();
    }

    @Test
    void aPlanNamingAKeyOutsideTheStoreIsNotAppliedAtAll() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not media");
        Files.setLastModifiedTime(outside, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        app.sweep().load().plan(plan);
        PlanHeader header = PlanReader.check(plan);
        Files.delete(plan);
        try (PlanWriter forged = PlanWriter.create(plan, header)) {
            forged.candidate(new StoredObject("../outside.txt", 9, Instant.now().minus(Duration.ofDays(10))), "unreferenced");
            forged.candidate(new StoredObject(app.orphans.get(0), 1, Instant.now().minus(Duration.ofDays(10))), "unreferenced");
            forged.complete();
        }

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("../outside.txt").contains("Do not apply this plan");
        assertThat(outside).exists();
        assertThat(app.media.resolve(app.orphans.get(0))).exists();
    }

    @Test
    void aPlanIsNeverWrittenOverAnother() throws IOException {
        Files.writeString(plan, "the plan someone reviewed");

        SweepReport report = app.sweep().load().plan(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("a plan is never replaced");
        assertThat(plan).hasContent("the plan someone reviewed");
    }

    @Test
    void aFolderMadeIntoAnotherStoreSinceThePlanKeepsItsFiles() throws IOException {
        app.sweep().load().plan(plan);
        // avatars/3 becomes the root of another store, whose own database may name its files.
        Files.createDirectories(app.media.resolve("avatars/3/.mediagc"));
        List<String> inIt = app.orphans.stream().filter(k -> k.startsWith("avatars/3/")).toList();

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(inIt).isNotEmpty();
        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        inIt.forEach(key -> assertThat(app.media.resolve(key)).exists());
        assertThat(report.otherStores().samples()).containsExactly("avatars/3");
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size() - inIt.size());
    }

    @Test
    void aFolderSwappedForALinkSinceThePlanKeepsItsFilesAndTheRestIsApplied() throws IOException {
        app.sweep().load().plan(plan);
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path folder = app.media.resolve("a b");
        Files.move(folder.resolve("x.png"), elsewhere.resolve("x.png"));
        Files.delete(folder);
        Files.createSymbolicLink(folder, elsewhere);

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(elsewhere.resolve("x.png")).exists();
        assertThat(report.keptChanged().samples()).containsExactly("a b/x.png");
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size() - 1);
    }

    @Test
    void aPlanNamingMediagcStateInAnyCaseIsNotAppliedAtAll() throws IOException {
        Path state = app.write(".MEDIAGC/journal.txt", Duration.ofDays(10));
        app.sweep().load().plan(plan);
        PlanHeader header = PlanReader.check(plan);
        Files.delete(plan);
        try (PlanWriter forged = PlanWriter.create(plan, header)) {
            forged.candidate(new StoredObject(".MEDIAGC/journal.txt", 1, Instant.now().minus(Duration.ofDays(10))), "unreferenced");
            forged.complete();
        }

        SweepReport report = app.sweep().load().apply(plan);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("no listing of this store gives");
        assertThat(state).exists();
    }

    @Test
    void aPlanNamingAQuarantinedFileInAQuarantineFolderInsideTheRootNeverMovesIt() throws IOException {
        Path trash = app.media.resolve("trash");
        LocalStore trashInside = LocalStore.at(app.media, trash);
        SweepReport first = app.sweep().store(trashInside).apply(Action.QUARANTINE).load().sweep();
        assertThat(first.outcome()).as(first.reason()).isEqualTo(Outcome.APPLIED);
        Path quarantined;
        try (Stream<Path> files = Files.walk(trash)) {
            quarantined = files.filter(f -> f.endsWith("z.png")).findFirst().orElseThrow();
        }
        String key = app.media.relativize(quarantined).toString().replace(java.io.File.separatorChar, '/');
        // What a store that does not know trash/ is its quarantine would list there, forged into a plan.
        StoredObject asListed = LocalStore.at(app.media).stat(key).orElseThrow();
        app.sweep().store(trashInside).load().plan(plan);
        PlanHeader header = PlanReader.check(plan);
        Files.delete(plan);
        try (PlanWriter forged = PlanWriter.create(plan, header)) {
            forged.candidate(asListed, "unreferenced");
            forged.complete();
        }

        SweepReport report = app.sweep().store(trashInside).apply(Action.QUARANTINE).load().apply(plan);

        assertThat(quarantined).as("still in the run that can restore it").exists();
        assertThat(report.quarantined().count()).isZero();
        assertThat(MediaGc.runs(trashInside).restore(first.runId()).restored()).isEqualTo(app.orphans.size());
        app.orphans.forEach(orphan -> assertThat(app.media.resolve(orphan)).hasContent("content of " + orphan));
    }

    @Test
    void aPlanIsNeverWrittenIntoTheStoreItLists() throws IOException {
        Path inside = app.media.resolve("plan.jsonl.gz");

        SweepReport report = app.sweep().load().plan(inside);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("would be written inside the store");
        assertThat(inside).doesNotExist();
        try (Stream<Path> left = Files.list(app.media)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("plan"));
        }
    }

    @Test
    void planShowSumsUpThePlan() throws IOException {
        app.sweep().load().plan(plan);

        PlanSummary summary = MediaGc.describePlan(plan);

        assertThat(summary.candidates()).isEqualTo(app.orphans.size());
        assertThat(summary.bytes()).isEqualTo(app.orphans.stream().mapToLong(k -> ("content of " + k)
                .getBytes(StandardCharsets.UTF_8).length).sum());
        assertThat(summary.topFolders().get(0).folder()).isEqualTo("avatars/");
        assertThat(summary.topFolders().get(0).candidates()).isEqualTo(8);
        assertThat(summary.samples()).hasSize(10).isSubsetOf(app.orphans);
    }

    private static List<String> candidateKeys(Path plan) throws IOException {
        List<String> keys = new ArrayList<>();
        try (PlanReader reader = PlanReader.open(plan)) {
            for (PlannedCandidate c = reader.next(); c != null; c = reader.next()) {
                keys.add(c.key());
            }
        }
        return keys;
    }

    private static List<String> lines(Path gz) throws IOException {
        try (Stream<String> lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)).lines()) {
            return lines.toList();
        }
    }

    private static void writeLines(Path gz, List<String> lines) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
