package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mediagc} command on a cloud store, against a real server of its protocol: a dry run
 * lists exactly the orphans of a real database and changes nothing, an applied quarantine sweep moves
 * only the orphans, {@code runs} and {@code restore} bring them back byte for byte, and an endpoint
 * that cannot be reached is one clear line and a non-zero exit. One subclass per store type.
 */
abstract class CloudSweepCommandContract {

    @TempDir
    Path temp;

    /** A bucket (container) of its own for each test, made empty. */
    String bucket;

    /** The database the command reads its references from. */
    abstract TestDatabase.Kind database();

    /** Makes an empty bucket (container) named {@code name}. */
    abstract void createBucket(String name);

    abstract void put(String bucket, String key, byte[] content);

    /** Every object in the bucket: key to content. */
    abstract Map<String, byte[]> contents(String bucket);

    /** The store as {@code --store} names it, for a prefix of a bucket. */
    abstract String location(String bucket, String prefix);

    /** The store flags that reach the server. */
    abstract List<String> storeFlags();

    /** The store flags for an endpoint where nothing listens. */
    abstract List<String> unreachableStoreFlags();

    /** Runs the command as a user runs it, with the store's flags where the test put them. */
    abstract CliRun run(List<String> args) throws Exception;

    @BeforeEach
    void newBucket() {
        bucket = "media-" + UUID.randomUUID().toString().substring(0, 8);
        createBucket(bucket);
    }

    /** Content that only a byte-exact copy keeps: the key, then bytes that are not UTF-8. */
    private static byte[] contentOf(String key) {
        byte[] text = ("content of " + key + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[text.length + 4];
        System.arraycopy(text, 0, content, 0, text.length);
        content[text.length] = (byte) 0xff;
        content[text.length + 1] = 0;
        content[text.length + 2] = (byte) 0xc3;
        content[text.length + 3] = (byte) 0x28;
        return content;
    }

    /**
     * A small application whose files are in the bucket under {@code media/}: 6 referenced, 4 orphans;
     * and an unreferenced object outside {@code media/}, which no run may list or touch.
     */
    SmallApp application() throws Exception {
        SmallApp app = new SmallApp(database().create(temp), Files.createDirectories(temp.resolve("local")), 5, 3);
        String unicodeLive = "galerie/Stra\u00dfe \u00dcn\u00efc\u00f8d\u00e9/a b.png";
        String unicodeOrphan = "\u5199\u771f/\u6771\u4eac/caf\u00e9 terrasse #3 (50%).jpg";
        app.db.execute("INSERT INTO profile VALUES (1000, '" + unicodeLive + "')");
        app.live.add(unicodeLive);
        app.orphans.add(unicodeOrphan);
        for (String key : app.live) {
            put(bucket, "media/" + key, contentOf(key));
        }
        for (String key : app.orphans) {
            put(bucket, "media/" + key, contentOf(key));
        }
        put(bucket, "media-archive/old.png", contentOf("outside")); // begins with "media", but not "media/"
        return app;
    }

    /** {@code sweep} of the application's profile column over {@code store}, without the store's flags. */
    static List<String> sweepOf(SmallApp app, String store) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", app.db.url()));
        if (app.db.user() != null) {
            args.addAll(List.of("--db-user", app.db.user()));
        }
        args.addAll(List.of("--ref", "profile.avatar", "--store", store));
        return args;
    }

    private List<String> sweep(SmallApp app, String... extra) {
        List<String> args = sweepOf(app, location(bucket, "media"));
        args.addAll(List.of("--min-age", "0s", "--force"));
        args.addAll(storeFlags());
        args.addAll(List.of(extra));
        return args;
    }

    private List<String> command(String name, String... rest) {
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(List.of(rest));
        args.addAll(List.of("--store", location(bucket, "media")));
        args.addAll(storeFlags());
        return args;
    }

    /** The bucket's contents outside mediagc's own folder, as SHA-256 digests. */
    private Map<String, String> mediaFiles() {
        Map<String, String> files = new TreeMap<>();
        contents(bucket).forEach((key, content) -> {
            if (!key.startsWith("media/.mediagc/")) {
                files.put(key, sha256(content));
            }
        });
        return files;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDryRunListsExactlyTheOrphansAndChangesNothing() throws Exception {
        try (SmallApp app = application()) {
            Map<String, byte[]> before = contents(bucket);
            Path list = temp.resolve("orphans.txt");

            CliRun dry = run(sweep(app, "--list-orphans", list.toString()));

            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactlyElementsOf(app.orphans.stream().sorted().toList());
            Map<String, byte[]> after = contents(bucket);
            after.keySet().removeIf(key -> key.startsWith("media/.mediagc/"));
            assertThat(after).containsOnlyKeys(before.keySet());
            before.forEach((key, content) -> assertThat(after.get(key)).as(key).isEqualTo(content));
        }
    }

    @Test
    void aQuarantineSweepMovesOnlyTheOrphansAndRestoreBringsThemBackByteForByte() throws Exception {
        try (SmallApp app = application()) {
            Map<String, String> before = mediaFiles();

            CliRun applied = run(sweep(app, "--apply", "--max-orphan-ratio", "1"));

            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            Map<String, String> swept = mediaFiles();
            Map<String, String> live = new HashMap<>(before);
            app.orphans.forEach(key -> live.remove("media/" + key));
            assertThat(swept).isEqualTo(live);
            Map<String, byte[]> all = contents(bucket);
            for (String key : app.orphans) {
                assertThat(all.keySet()).as(key).anyMatch(k -> k.startsWith("media/.mediagc/quarantine/") && k.endsWith("/" + key));
            }

            CliRun runs = run(command("runs"));

            assertThat(runs.exit()).as(runs.out() + runs.err()).isZero();
            assertThat(runs.out()).contains("1 quarantine run(s)", "finished");
            String runId = runs.out().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[0];
            assertThat(applied.out()).contains(runId);

            // The run's saved report, read back from the bucket with no database: its page and the trend.
            Path page = Files.createTempFile("run", ".html");
            CliRun report = run(command("report", runId, "--html", page.toString()));
            assertThat(report.exit()).as(report.out() + report.err()).isZero();
            assertThat(Files.readString(page)).contains("id=\"orphan-list\" data-rows=\"" + app.orphans.size() + "\"");
            CliRun history = run(command("report", "--history", "--html", page.toString()));
            assertThat(history.exit()).as(history.out() + history.err()).isZero();
            assertThat(Files.readString(page)).contains("<tr class=\"run\" data-run=\"" + runId + "\"");
            Files.delete(page);

            CliRun restore = run(command("restore", runId));

            assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
            assertThat(restore.out()).contains("restored " + app.orphans.size(), "failed 0");
            assertThat(mediaFiles()).isEqualTo(before);
        }
    }

    @Test
    void anUnreachableEndpointIsOneClearLineAndANonZeroExit() throws Exception {
        try (SmallApp app = application()) {
            Map<String, byte[]> before = contents(bucket);
            List<String> args = sweepOf(app, location(bucket, "media"));
            args.addAll(unreachableStoreFlags());

            CliRun refused = run(args);

            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("cannot reach", "127.0.0.1:1");
            assertThat(refused.err().lines().toList()).as(refused.err()).hasSize(1);
            assertThat(contents(bucket).keySet()).isEqualTo(before.keySet());
        }
    }
}
