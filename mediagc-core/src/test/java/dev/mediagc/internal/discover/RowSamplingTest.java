package dev.mediagc.internal.discover;

import dev.mediagc.SampleMethod;
import dev.mediagc.ColumnFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Discovery reads each column's rows from the whole table, not its first rows: an application
 * whose file column was first used for something else (here: links to an old site) has only
 * legacy values in its oldest rows, and a first-rows sample would judge the column on those alone.
 * The sample stays bounded: never more values than asked, and small tables are read whole.
 */
class RowSamplingTest {

    private static final int LEGACY_ROWS = 10_000;
    private static final int FILE_ROWS = 10_000;

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aColumnNamingFilesOnlyInItsNewerRowsIsProposedFromASampleOfTheWholeTable(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 200, 21);
            db.execute("CREATE TABLE shop_product (id INT PRIMARY KEY, name VARCHAR(200), picture VARCHAR(500))");
            try (Connection c = db.connect();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO shop_product VALUES (?, ?, ?)")) {
                c.setAutoCommit(false);
                for (int id = 1; id <= LEGACY_ROWS + FILE_ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "Product n\u00b0 " + id);
                    insert.setString(3, id <= LEGACY_ROWS
                            ? "https://old-shop.example.org/catalogue/item.php?id=" + id + "&img=1"
                            : Normalizer.normalize(data.referenced().get(id % data.referenced().size()), Normalizer.Form.NFC));
                    insert.addBatch();
                    if (id % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                c.commit();
            }
            analyse(db, "shop_product"); // as autovacuum or InnoDB's statistics would have by now

            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).run();
            }

            ColumnFinding picture = finding(result, "shop_product.picture");
            assertThat(picture.verdict()).isEqualTo(ColumnFinding.Verdict.PROPOSED);
            // A first-rows sample would see legacy values only (0); a whole-table one sees both halves. Not
            // tighter: PostgreSQL samples whole pages (~13 here), so the share varies run to run (0.28 seen).
            assertThat(picture.hitRatio()).as("half the table names files, and the sample saw both halves").isBetween(0.05, 0.95);
            assertThat(picture.sampleMethod()).isIn(SampleMethod.RANDOM, SampleMethod.SPREAD);
            assertThat(picture.sampled()).isBetween(ColumnDiscovery.DEFAULT_SAMPLE_ROWS / 2, ColumnDiscovery.DEFAULT_SAMPLE_ROWS);
            ColumnFinding name = finding(result, "shop_product.name");
            assertThat(name.verdict()).isEqualTo(ColumnFinding.Verdict.NONE);
            assertThat(name.sampled()).isLessThanOrEqualTo(ColumnDiscovery.DEFAULT_SAMPLE_ROWS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTableWithFewerRowsThanTheSampleIsReadWhole(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 50, 4);
            db.execute("CREATE TABLE note (id INT PRIMARY KEY, body VARCHAR(200))");
            try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO note VALUES (?, ?)")) {
                for (int id = 1; id <= 300; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, id % 3 == 0 ? null : "note " + id);
                    insert.executeUpdate();
                }
            }
            analyse(db, "note");

            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).sampleRows(500).run();
            }

            ColumnFinding body = finding(result, "note.body");
            assertThat(body.sampled()).isEqualTo(200);
            assertThat(body.sampleMethod()).isEqualTo(SampleMethod.WHOLE_COLUMN);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = "POSTGRESQL")
    void aTableThePlannerHasNoEstimateForIsReadFromItsFirstRowsAndSaysSo(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 50, 4);
            // autovacuum is off, so that nothing analyses the table before discovery reads it
            db.execute("CREATE TABLE note (id INT PRIMARY KEY, body VARCHAR(200)) WITH (autovacuum_enabled = off)",
                    "INSERT INTO note SELECT i, 'note ' || i FROM generate_series(1, 5000) AS i");

            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).sampleRows(100).run();
            }

            ColumnFinding body = finding(result, "note.body");
            assertThat(body.sampled()).isEqualTo(100);
            assertThat(body.sampleMethod()).isEqualTo(SampleMethod.FIRST_ROWS);
        }
    }

    private static void analyse(TestDatabase db, String table) {
        switch (db.kind()) {
            case POSTGRESQL -> db.execute("ANALYZE " + table);
            case MARIADB -> db.execute("ANALYZE TABLE " + table);
            default -> {
                // SQLite and H2 samples need no statistics: the key range is the estimate
            }
        }
    }

    private static ColumnFinding finding(ColumnDiscovery.Result result, String name) {
        List<ColumnFinding> found = result.findings().stream().filter(f -> ColumnDiscoveryTest.name(f).equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }
}
