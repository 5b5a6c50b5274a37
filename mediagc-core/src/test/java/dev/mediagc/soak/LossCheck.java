package dev.mediagc.soak;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The end-of-soak check, run once writers and sweeps have stopped: every row the database holds is
 * looked up in the ground truth, and every key named by a row that holds mediagc to its promise (see
 * {@link GroundTruth.Protection}) must be in place with the content last written to it.
 */
final class LossCheck {

    /** What the check found. */
    record Findings(int rowsChecked, Map<GroundTruth.Protection, Long> rowsBy, List<LostFile> lost) {
    }

    private final TestDatabase db;
    private final Path media;
    private final GroundTruth truth;
    private final ApplicationSimulator app;

    LossCheck(TestDatabase db, Path media, GroundTruth truth, ApplicationSimulator app) {
        this.db = db;
        this.media = media;
        this.truth = truth;
        this.app = app;
    }

    Findings run() throws SQLException, IOException {
        Map<GroundTruth.RowId, GroundTruth.Row> known = truth.rows();
        List<GroundTruth.RowId> inDatabase = rowsInDatabase();
        if (inDatabase.size() != known.size() || !known.keySet().containsAll(inDatabase)) {
            // The simulator's own bookkeeping is wrong: its verdict could not be trusted either way.
            throw new IllegalStateException("the ground truth has " + known.size() + " rows, the database "
                    + inDatabase.size() + ": the simulator lost track of a commit");
        }
        Map<String, List<String>> heldKeys = new TreeMap<>();
        Map<GroundTruth.Protection, Long> rowsBy = new java.util.EnumMap<>(GroundTruth.Protection.class);
        for (GroundTruth.Row row : known.values()) {
            rowsBy.merge(row.protection(), 1L, Long::sum);
            if (row.protection().held()) {
                heldKeys.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row.id().toString());
            }
        }
        List<LostFile> lost = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : heldKeys.entrySet()) {
            String key = e.getKey();
            if (!app.inPlace(key, truth.content(key))) {
                lost.add(new LostFile(key, e.getValue(), whereIs(key), truth.history(key)));
            }
        }
        return new Findings(known.size(), rowsBy, lost);
    }

    private List<GroundTruth.RowId> rowsInDatabase() throws SQLException {
        List<GroundTruth.RowId> ids = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (Table table : Table.values()) {
                try (ResultSet rs = s.executeQuery("SELECT id FROM " + table.name)) {
                    while (rs.next()) {
                        ids.add(new GroundTruth.RowId(table, rs.getLong(1)));
                    }
                }
            }
        }
        return ids;
    }

    /** Where a lost file went: a quarantine run still holding it, another content, or nowhere. */
    private String whereIs(String key) throws IOException {
        Path file = media.resolve(key);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "in place with other content than the application last wrote";
        }
        Path quarantine = media.resolve(LocalStore.STATE_FOLDER).resolve("quarantine");
        if (Files.isDirectory(quarantine)) {
            try (Stream<Path> runs = Files.list(quarantine)) {
                for (Path run : runs.sorted().toList()) {
                    if (Files.isRegularFile(run.resolve(key), LinkOption.NOFOLLOW_LINKS)) {
                        return "moved into quarantine run " + run.getFileName() + " and not put back";
                    }
                }
            }
        }
        return "gone for good (deleted)";
    }
}
