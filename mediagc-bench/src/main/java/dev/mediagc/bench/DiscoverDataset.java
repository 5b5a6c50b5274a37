package dev.mediagc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The text columns an application has besides its file columns, added to a {@link BenchDataset}'s
 * database for {@code mediagc discover} to wade through: 40 tables (shop, blog, CRM, ...) of 8
 * text columns each, 5,000 to 200,000 rows, holding titles, slugs, JSON settings, HTML bodies,
 * e-mails, numeric strings, URLs, bare file names that match no stored key, a sparse column
 * (one value in a thousand rows), and, in three tables, file keys behind {@code /media/} or
 * {@code https://cdn.example.com/media/}, plus one column naming files in 2% of its rows.
 * Generated inside PostgreSQL ({@code generate_series}), so a few million rows take seconds.
 *
 * <p>The file keys in the added tables are ones the benchmark's own tables already reference, so
 * the generator's orphan truth still holds for a sweep that uses every file column.
 */
final class DiscoverDataset {

    static final int TABLES = 40;
    static final int TEXT_COLUMNS_PER_TABLE = 8;
    private static final String MARKER = "discover-extras-complete";

    /** A text column: its name, SQL type and value over row number {@code g}, photo {@code p} and document {@code d}. */
    record Kind(String name, String type, String expression) {
    }

    /** Text columns that name no stored object. */
    static final List<Kind> DECOYS = List.of(
            new Kind("title", "varchar(200)", "initcap(substr(md5(g::text), 1, 7)) || ' and the summer sale, part ' || g"),
            new Kind("slug", "varchar(200)", "'summer-sale-part-' || g || '-' || substr(md5(g::text), 8, 6)"),
            new Kind("settings", "jsonb", "jsonb_build_object('theme', CASE WHEN g % 3 = 0 THEN 'dark' ELSE 'light' END, "
                    + "'page_size', 10 + g % 50, 'notify', g % 2 = 0, 'langs', jsonb_build_array('en', 'de'))"),
            new Kind("body", "text", "'<h2>Chapter ' || g || '</h2><p>' || repeat('Lorem ipsum dolor sit amet, consectetur "
                    + "adipiscing elit. ', 3 + g % 12) || '<a href=\"https://example.com/blog/2024/05/post-' || g "
                    + "|| '/\">read on</a></p><img src=\"/static/img/logo.png\" alt=\"logo\">'"),
            new Kind("email", "varchar(254)", "'user.' || g || '@example.com'"),
            new Kind("reference_no", "varchar(20)", "lpad(((g * 7919) % 10000000)::text, 8, '0')"),
            new Kind("price", "varchar(20)", "to_char((g % 100000) / 100.0, 'FM99990.00')"),
            new Kind("original_name", "varchar(255)", "CASE WHEN g % 2 = 0 THEN 'IMG_' || lpad(g::text, 8, '0') || '.jpg' "
                    + "ELSE 'document-' || lpad(g::text, 8, '0') || '.pdf' END"), // bare names of files that live in folders
            new Kind("website", "varchar(255)", "'https://shop.example.com/products/' || g"),
            new Kind("external_id", "char(36)", "md5(g::text)::uuid::text"),
            new Kind("phone", "varchar(30)", "'+49 30 ' || lpad((g % 10000000)::text, 7, '0')"),
            new Kind("country", "char(2)", "(ARRAY['DE','FR','US','JP','BR','IN'])[1 + g % 6]"),
            new Kind("status", "varchar(20)", "CASE WHEN g % 3 = 0 THEN NULL ELSE (ARRAY['active','draft','archived'])[1 + g % 3] END"),
            new Kind("path", "varchar(255)", "'/blog/2024/05/summer-sale-part-' || g || '/'"),
            new Kind("stylesheet", "varchar(255)", "'static/css/site-' || (g % 10) || '.css'"),
            new Kind("extra", "text", "'{\"utm_source\":\"newsletter\",\"utm_campaign\":\"spring-' || (g % 12) || '\"}'"),
            new Kind("deleted_reason", "text", "CASE WHEN g % 1000 = 0 THEN 'spam reported by user ' || g END"), // sparse
            new Kind("description", "text", "'Item ' || g || ' — Größe ' || (g % 50) || ', 東京 edition: ' || repeat('very ', g % 7) || 'nice'"),
            new Kind("locale", "varchar(10)", "(ARRAY['en_US','de_DE','fr_FR','ja_JP'])[1 + g % 4]"));

    /** Where files are named, with the table each goes into; the key comes from an existing reference row. */
    record FileColumn(int table, String column, String expression) {
    }

    static final List<FileColumn> FILE_COLUMNS = List.of(
            new FileColumn(5, "cover_url", "'https://cdn.example.com/media/' || p.image"),
            new FileColumn(17, "attachment", "'/media/' || d.file"),
            new FileColumn(26, "banner", "p.image"));
    /** Names a stored file in 2% of its rows: to be reported as weak, not proposed. */
    static final FileColumn WEAK_COLUMN = new FileColumn(11, "legacy_note",
            "CASE WHEN g % 50 = 0 THEN p.image ELSE 'note number ' || g || ' about the spring sale' END");

    private static final String[] APPS = {"shop", "blog", "crm", "cms", "forum", "events", "billing", "support"};
    private static final String[] MODELS = {"item", "entry", "record", "page", "log"};

    private final BenchDataset data;

    DiscoverDataset(BenchDataset data) {
        this.data = data;
    }

    static String tableName(int table) {
        return APPS[table % APPS.length] + "_" + MODELS[table / APPS.length];
    }

    /** 200,000 rows in every fifth table, 50,000 in the next, 5,000 to 20,000 in the others. */
    static int rows(int table) {
        return switch (table % 5) {
            case 0 -> 200_000;
            case 1 -> 50_000;
            default -> 5_000 * (1 + table % 4);
        };
    }

    /** The columns discover must propose: the benchmark's four and the added file columns. */
    static List<String> fileColumns() {
        List<String> columns = new ArrayList<>(BenchDataset.REFERENCES);
        FILE_COLUMNS.forEach(file -> columns.add(tableName(file.table()) + "." + file.column()));
        return columns;
    }

    static String weakColumn() {
        return tableName(WEAK_COLUMN.table()) + "." + WEAK_COLUMN.column();
    }

    boolean exists() {
        return Files.exists(data.dir.resolve(MARKER));
    }

    /** Rows a full read of every text column would touch, for comparison with what discover reads. */
    static long fullScanRows(long benchmarkRows) {
        long rows = benchmarkRows;
        for (int t = 0; t < TABLES; t++) {
            rows += (long) rows(t) * TEXT_COLUMNS_PER_TABLE;
        }
        return rows;
    }

    void generate(BenchDataset.PgServer pg) throws SQLException, IOException {
        long started = System.nanoTime();
        long rows = 0;
        try (Connection c = pg.connect(data.database); Statement s = c.createStatement()) {
            for (int t = 0; t < TABLES; t++) {
                List<String> columns = new ArrayList<>();
                for (int j = 0; j < TEXT_COLUMNS_PER_TABLE; j++) {
                    Kind kind = DECOYS.get((t * 5 + j) % DECOYS.size());
                    columns.add("(" + kind.expression() + ")::" + kind.type() + " AS " + kind.name());
                }
                for (FileColumn file : FILE_COLUMNS) {
                    if (file.table() == t) {
                        columns.set(0, "(" + file.expression() + ")::varchar(255) AS " + file.column());
                    }
                }
                if (WEAK_COLUMN.table() == t) {
                    columns.set(0, "(" + WEAK_COLUMN.expression() + ")::text AS " + WEAK_COLUMN.column());
                }
                String table = tableName(t);
                s.execute("DROP TABLE IF EXISTS " + table);
                // Row g takes photo g and document g, which exist for every g here (the benchmark
                // tables hold hundreds of thousands of rows).
                s.execute("CREATE TABLE " + table + " AS SELECT g::bigint AS id, " + String.join(", ", columns)
                        + " FROM generate_series(1, " + rows(t) + ") g LEFT JOIN app_photo p ON p.id = g"
                        + " LEFT JOIN app_document d ON d.id = g");
                s.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (id)");
                rows += rows(t);
            }
            s.execute("VACUUM ANALYZE");
        }
        Files.writeString(data.dir.resolve(MARKER), "tables=" + TABLES + " rows=" + rows + "\n");
        System.err.printf("  added %d tables, %,d rows, %d text columns in %.1fs%n", TABLES, rows,
                TABLES * TEXT_COLUMNS_PER_TABLE, (System.nanoTime() - started) / 1e9);
    }
}
