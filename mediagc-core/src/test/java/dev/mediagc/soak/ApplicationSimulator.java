package dev.mediagc.soak;

import static dev.mediagc.soak.GroundTruth.Protection.NONE;
import static dev.mediagc.soak.GroundTruth.Protection.SEEN_AFTER_COMMIT;
import static dev.mediagc.soak.GroundTruth.Protection.WITHIN_GRACE_PERIOD;

import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An application using a media folder the way real ones do, one event at a time per writer thread:
 * uploads (row first or file first; written in place or into a temporary file beside the store and
 * moved in, now and then keeping an old modification time), replacements and deletions that leave old files behind, a second table sharing a file,
 * re-use of an existing file nobody references (content dedup, "pick an existing image"), rewriting
 * such a file in place, and imports that keep old modification times. Every commit and write is
 * recorded in the {@link GroundTruth}.
 */
final class ApplicationSimulator {

    /** The kinds of event, in the order of {@link #WEIGHTS}. */
    enum Event {
        UPLOAD_ROW_FIRST, UPLOAD_FILE_FIRST, UPLOAD_MOVED_IN_WITH_OLD_TIME, REPLACE, DELETE_ROW, SHARE,
        MOVE_TO_OTHER_TABLE, REUSE_OLD_FILE, REWRITE_OLD_FILE, IMPORT_OLD_FILES
    }

    private static final int[] WEIGHTS = {12, 12, 5, 12, 8, 6, 5, 30, 7, 8};
    /** Kernel file times and Java's clock may differ by a tick; the grace rule leaves this much room. */
    private static final Duration CLOCK_MARGIN = Duration.ofMillis(250);
    private static final int WEIGHT_TOTAL = Arrays.stream(WEIGHTS).sum();

    private final TestDatabase db;
    private final Path media;
    private final Path uploadTemp;
    private final GroundTruth truth;
    private final Duration uploadGrace;
    private final AtomicLong keyCounter = new AtomicLong();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** {@code minAge} is the sweeps' grace period: a row committed within it of its file's arrival is held. */
    ApplicationSimulator(TestDatabase db, Path media, Path uploadTemp, GroundTruth truth, Duration minAge) {
        this.db = db;
        this.media = media;
        this.uploadTemp = uploadTemp;
        this.truth = truth;
        this.uploadGrace = minAge.minus(CLOCK_MARGIN);
    }

    /** Creates the tables and an old history: referenced files, shared ones, and old orphans. */
    void seed(int referenced, int unreferenced, Random random) throws IOException, SQLException {
        db.execute(Table.PHOTO.createSql(), Table.ATTACHMENT.createSql());
        try (Connection c = db.connect()) {
            for (int i = 0; i < referenced; i++) {
                String key = newKey(random);
                truth.reserveNew(key);
                String content = contentOf(key, "seed");
                place(key, content, false);
                age(key, random);
                truth.wrote(key, content, "written at the start, days old");
                Table table = Table.any(random);
                truth.inserted(insert(c, table, key, random), key, SEEN_AFTER_COMMIT, "referenced at the start");
                if (i % 5 == 0) {
                    truth.inserted(insert(c, table.other(), key, random), key, SEEN_AFTER_COMMIT, "shared at the start");
                }
                truth.release(key);
            }
        }
        for (int i = 0; i < unreferenced; i++) {
            String key = newKey(random);
            truth.reserveNew(key);
            String content = contentOf(key, "seed");
            place(key, content, false);
            age(key, random);
            truth.wrote(key, content, "written at the start, days old, no row");
            truth.release(key);
        }
    }

    /** Runs random events until {@code keepGoing} says stop; one connection per writer. */
    void write(Random random, java.util.function.BooleanSupplier keepGoing) throws SQLException {
        try (Connection c = db.connect()) {
            while (keepGoing.getAsBoolean()) {
                Event event = pick(random);
                try {
                    boolean done = run(event, c, random);
                    count(done ? event.name() : event.name() + " (nothing free to pick)");
                } catch (IOException e) {
                    // A real upload can fail too (a folder removed as empty under it, ...): counted, not fatal.
                    count(event.name() + " failed: " + e.getClass().getSimpleName());
                }
            }
        }
    }

    /** How many events of each kind ran, by name. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private static Event pick(Random random) {
        int roll = random.nextInt(WEIGHT_TOTAL);
        for (int i = 0; i < WEIGHTS.length; i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return Event.values()[i];
            }
        }
        throw new AssertionError();
    }

    private boolean run(Event event, Connection c, Random random) throws IOException, SQLException {
        return switch (event) {
            case UPLOAD_ROW_FIRST -> uploadRowFirst(c, random);
            case UPLOAD_FILE_FIRST -> uploadFileFirst(c, random);
            case UPLOAD_MOVED_IN_WITH_OLD_TIME -> uploadMovedInWithOldTime(c, random);
            case REPLACE -> replace(c, random);
            case DELETE_ROW -> deleteRow(c, random);
            case SHARE -> share(c, random, false);
            case MOVE_TO_OTHER_TABLE -> share(c, random, true);
            case REUSE_OLD_FILE -> reuse(c, random);
            case REWRITE_OLD_FILE -> rewrite(c, random);
            case IMPORT_OLD_FILES -> importOld(random);
        };
    }

    private boolean uploadRowFirst(Connection c, Random random) throws IOException, SQLException {
        String key = newKey(random);
        truth.reserveNew(key);
        try {
            String content = contentOf(key, "upload");
            GroundTruth.RowId id = insert(c, Table.any(random), key, random);
            Instant committed = Instant.now();
            boolean viaTemp = random.nextBoolean();
            Instant arrived = null;
            try {
                place(key, content, viaTemp);
                arrived = committed; // the file came after the row: any run that finds it old marks the row
            } finally {
                truth.wrote(key, content, "uploaded, row first, file " + (viaTemp ? "moved in" : "written in place"));
                truth.inserted(id, key, protection(key, content, arrived, committed), "row committed before the file was written");
            }
            return true;
        } finally {
            truth.release(key);
        }
    }

    private boolean uploadFileFirst(Connection c, Random random) throws IOException, SQLException {
        String key = newKey(random);
        truth.reserveNew(key);
        try {
            String content = contentOf(key, "upload");
            boolean viaTemp = random.nextBoolean();
            Instant arrived = Instant.now();
            place(key, content, viaTemp);
            truth.wrote(key, content, "uploaded, file first, " + (viaTemp ? "moved in from a temporary file" : "written in place"));
            GroundTruth.RowId id = insert(c, Table.any(random), key, random);
            truth.inserted(id, key, protection(key, content, arrived, Instant.now()), "row committed after the file");
            return true;
        } finally {
            truth.release(key);
        }
    }

    /**
     * An upload that keeps an old modification time (extracted from an archive, copied with its
     * times, sent by a client that sets them) moved into the store, then its row: the grace period
     * must count from its arrival, not from its modification time.
     */
    private boolean uploadMovedInWithOldTime(Connection c, Random random) throws IOException, SQLException {
        String key = newKey(random);
        truth.reserveNew(key);
        Path temp = uploadTemp.resolve(UUID.randomUUID() + ".part");
        try {
            String content = contentOf(key, "upload");
            Files.writeString(temp, content);
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofDays(3 + random.nextInt(400)))));
            Instant arrived = Instant.now();
            Path target = media.resolve(key);
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            truth.wrote(key, content, "uploaded, file first, moved in keeping a modification time days old");
            GroundTruth.RowId id = insert(c, Table.any(random), key, random);
            truth.inserted(id, key, protection(key, content, arrived, Instant.now()), "row committed after the file");
            return true;
        } finally {
            Files.deleteIfExists(temp);
            truth.release(key);
        }
    }

    /**
     * What the checker may hold mediagc to for a row just committed: the file seen in place now, or
     * else a commit within the grace period of the file's arrival ({@code arrived} null: the file
     * was there before, or never arrived).
     */
    private GroundTruth.Protection protection(String key, String content, Instant arrived, Instant committed) {
        if (inPlace(key, content)) {
            return SEEN_AFTER_COMMIT;
        }
        if (arrived != null && Duration.between(arrived, committed).compareTo(uploadGrace) < 0) {
            return WITHIN_GRACE_PERIOD;
        }
        return NONE;
    }

    /** The row points at a new upload; its old file is left behind as an orphan. */
    private boolean replace(Connection c, Random random) throws IOException, SQLException {
        GroundTruth.Row row = truth.reserveRow(random);
        if (row == null) {
            return false;
        }
        String key = newKey(random);
        truth.reserveNew(key);
        try {
            String content = contentOf(key, "replacement");
            Instant arrived = Instant.now();
            place(key, content, random.nextBoolean());
            truth.wrote(key, content, "uploaded as the replacement of " + row.key());
            update(c, row.id(), key, random);
            truth.repointed(row.id(), key, protection(key, content, arrived, Instant.now()), "replaced " + row.key());
            return true;
        } finally {
            truth.release(key);
            truth.release(row.key());
        }
    }

    private boolean deleteRow(Connection c, Random random) throws SQLException {
        GroundTruth.Row row = truth.reserveRow(random);
        if (row == null) {
            return false;
        }
        try {
            delete(c, row.id());
            truth.deleted(row.id(), "row deleted, file left behind");
            return true;
        } finally {
            truth.release(row.key());
        }
    }

    /** A row of the other table names the same file; when moving, the first row is then deleted. */
    private boolean share(Connection c, Random random, boolean thenDeleteFirst) throws SQLException {
        GroundTruth.Row row = truth.reserveRow(random);
        if (row == null) {
            return false;
        }
        try {
            GroundTruth.RowId id = insert(c, row.id().table().other(), row.key(), random);
            truth.inserted(id, row.key(), protection(row.key(), truth.content(row.key()), null, null), "shared with " + row.id());
            if (thenDeleteFirst) {
                delete(c, row.id());
                truth.deleted(row.id(), "the first sharer deleted");
            }
            return true;
        } finally {
            truth.release(row.key());
        }
    }

    /**
     * Content dedup or "pick an existing image": a new row names a file that is there and that no
     * row names. The application reads the file (to hash it) before committing, as dedup does.
     */
    private boolean reuse(Connection c, Random random) throws SQLException {
        String key = truth.reserveUnreferenced(random);
        if (key == null) {
            return false;
        }
        try {
            String content = truth.content(key);
            if (!inPlace(key, content)) {
                truth.gone(key, "re-use looked for it: not in place, picked nothing");
                count("REUSE_OLD_FILE: of these, found the file gone");
                return true;
            }
            sha256(media.resolve(key));
            GroundTruth.RowId id = insert(c, Table.any(random), key, random);
            truth.inserted(id, key, protection(key, content, null, null), "re-used (dedup / pick an existing image)");
            return true;
        } catch (IOException e) {
            count("REUSE_OLD_FILE: of these, file gone while hashing");
            return true;
        } finally {
            truth.release(key);
        }
    }

    /** "Upload again under the same name": new content over a file no row names, then a row. */
    private boolean rewrite(Connection c, Random random) throws IOException, SQLException {
        String key = truth.reserveUnreferenced(random);
        if (key == null) {
            return false;
        }
        try {
            String content = contentOf(key, "rewrite");
            place(key, content, false);
            truth.wrote(key, content, "rewritten in place with new content");
            GroundTruth.RowId id = insert(c, Table.any(random), key, random);
            // No grace here: a run may have listed and re-checked the old file just before the rewrite.
            truth.inserted(id, key, protection(key, content, null, null), "row committed after the rewrite");
            return true;
        } finally {
            truth.release(key);
        }
    }

    /** Files copied in keeping their old times (rsync -t from a backup), no row yet. */
    private boolean importOld(Random random) throws IOException {
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            String key = newKey(random);
            truth.reserveNew(key);
            try {
                String content = contentOf(key, "import");
                place(key, content, true);
                age(key, random);
                truth.wrote(key, content, "imported with an old modification time, no row");
            } finally {
                truth.release(key);
            }
        }
        return true;
    }

    /** Keys in the shapes applications produce: dated folders, Unicode (NFC), spaces, deep trees. */
    String newKey(Random random) {
        long n = keyCounter.incrementAndGet();
        String key = switch (random.nextInt(6)) {
            case 0 -> "uploads/2026/" + (1 + n % 12) + "/IMG_" + n + ".jpg";
            case 1 -> "galerie/Straße Ünïcødé/été-" + n + ".jpg";
            case 2 -> "写真/東京/" + n + "-İstanbul ΟΔΟΣ.png";
            case 3 -> "docs/" + (n % 7) + "/a/b/My Report " + n + ".pdf";
            case 4 -> "avatars/" + UUID.nameUUIDFromBytes(Long.toString(n).getBytes(StandardCharsets.UTF_8)) + ".webp";
            default -> "top-" + n + ".gif";
        };
        return Normalizer.normalize(key, Normalizer.Form.NFC);
    }

    private static String contentOf(String key, String why) {
        return why + " of " + key + " @" + System.nanoTime();
    }

    /** Writes a file at {@code key}; a folder removed as empty under the writer is made again. */
    private void place(String key, String content, boolean viaTemp) throws IOException {
        Path target = media.resolve(key);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            Path temp = viaTemp ? uploadTemp.resolve(UUID.randomUUID() + ".part") : null;
            try {
                Files.createDirectories(target.getParent());
                if (viaTemp) {
                    Files.write(temp, bytes);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.write(target, bytes);
                }
                return;
            } catch (NoSuchFileException e) {
                if (attempt == 5) {
                    throw e;
                }
            } finally {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    private void age(String key, Random random) throws IOException {
        Instant old = Instant.now().minus(Duration.ofDays(3 + random.nextInt(400)));
        Files.setLastModifiedTime(media.resolve(key), FileTime.from(old));
    }

    /** Whether the file is at its key now, with the content the application last wrote there. */
    boolean inPlace(String key, String content) {
        try {
            return content != null
                    && Arrays.equals(Files.readAllBytes(media.resolve(key)), content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    private static void sha256(Path file) throws IOException {
        try {
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GroundTruth.RowId insert(Connection c, Table table, String key, Random random) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + table.name + " (" + table.column + ") VALUES (?) RETURNING id")) {
            s.setString(1, table.valueFor(key, random));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new GroundTruth.RowId(table, rs.getLong(1));
            }
        }
    }

    private static void update(Connection c, GroundTruth.RowId id, String key, Random random) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE " + id.table().name + " SET " + id.table().column + " = ? WHERE id = ?")) {
            s.setString(1, id.table().valueFor(key, random));
            s.setLong(2, id.id());
            s.executeUpdate();
        }
    }

    private static void delete(Connection c, GroundTruth.RowId id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + id.table().name + " WHERE id = ?")) {
            s.setLong(1, id.id());
            s.executeUpdate();
        }
    }
}
