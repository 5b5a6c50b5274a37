package dev.mediagc.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * A media tree and its PostgreSQL rows, shaped like a Django application's uploads:
 * {@code photos/YYYY/MM/DD/IMG_n.jpg} (70%), {@code docs/NN/document-n.pdf} (20%) and top-level
 * files (10%), referenced from four columns of three tables (some with a {@code /media/} URL
 * prefix), with NULL rows, rows naming missing files, a chosen orphan fraction and some young
 * files. Writes the ground truth (old unreferenced keys, sorted) next to the tree.
 */
final class BenchDataset {

    static final String REFERENCE_QUERY = "SELECT image FROM app_photo UNION ALL SELECT file FROM app_document "
            + "UNION ALL SELECT thumbnail FROM app_document UNION ALL SELECT avatar FROM app_profile";
    static final List<String> REFERENCES = List.of("app_photo.image", "app_document.file", "app_document.thumbnail",
            "app_profile.avatar");

    final Path dir;
    final Path media;
    final Path truth;
    final String database;
    final int files;

    BenchDataset(Path workDir, int files) {
        this.files = files;
        this.dir = workDir.resolve("dataset-" + files);
        this.media = dir.resolve("media");
        this.truth = dir.resolve("truth.txt");
        this.database = "mediagc_bench_" + files;
    }

    boolean exists() {
        return Files.exists(dir.resolve("complete"));
    }

    static String keyOf(int i) {
        return BenchKeys.keyOf(i);
    }

    /** Generates everything; {@code orphanFraction} of files are old and unreferenced. */
    void generate(PgServer pg, double orphanFraction, double youngFraction) throws IOException, SQLException {
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        Files.createDirectories(media);
        long started = System.nanoTime();
        Instant old = Instant.now().minus(Duration.ofDays(30));
        Instant young = Instant.now().minus(Duration.ofMinutes(10));
        // Fates decided up front from a seeded generator, so files and rows agree.
        byte[] fate = new byte[files];
        SplittableRandom random = new SplittableRandom(20261124L);
        for (int i = 0; i < files; i++) {
            double r = random.nextDouble();
            fate[i] = (byte) (r < orphanFraction ? 1 : r < orphanFraction + youngFraction ? 2 : 0); // 1 orphan, 2 young
        }
        // One writer: parallel writers into the same folders contend on the file system journal.
        ConcurrentHashMap<Path, Boolean> folders = new ConcurrentHashMap<>();
        IntStream.range(0, files).forEach(i -> {
            Path file = media.resolve(keyOf(i));
            try {
                folders.computeIfAbsent(file.getParent(), parent -> {
                    try {
                        Files.createDirectories(parent);
                        return Boolean.TRUE;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Files.createFile(file);
                Files.setLastModifiedTime(file, FileTime.from(fate[i] == 2 ? young : old));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.err.printf("  wrote %,d files in %.1fs%n", files, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        pg.recreateDatabase(database);
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE app_photo (id BIGSERIAL PRIMARY KEY, image VARCHAR(255))");
            s.execute("CREATE TABLE app_document (id BIGSERIAL PRIMARY KEY, file VARCHAR(255), thumbnail VARCHAR(255))");
            s.execute("CREATE TABLE app_profile (id BIGSERIAL PRIMARY KEY, avatar VARCHAR(255))");
            StringBuilder photos = new StringBuilder();
            StringBuilder documents = new StringBuilder();
            StringBuilder profiles = new StringBuilder();
            String pendingDocument = null;
            for (int i = 0; i < files; i++) {
                if (fate[i] != 0) {
                    continue;
                }
                String key = keyOf(i);
                switch (i % 10) {
                    case 7, 8 -> {
                        // Documents hold a file and a thumbnail: pair referenced docs two by two.
                        if (pendingDocument == null) {
                            pendingDocument = key;
                        } else {
                            documents.append(pendingDocument).append('\t').append(key).append('\n');
                            pendingDocument = null;
                        }
                    }
                    case 9 -> profiles.append("/media/").append(key).append('\n');
                    default -> photos.append(key).append('\n');
                }
                if (i % 100 == 0) {
                    profiles.append("\\N\n");                                  // a profile without avatar
                    photos.append("photos/2015/01/01/missing-").append(i).append(".jpg\n"); // dangling
                }
                if (photos.length() > 8_000_000) {
                    copy(c, "app_photo(image)", photos);
                }
            }
            if (pendingDocument != null) {
                documents.append(pendingDocument).append("\t\\N\n");
            }
            copy(c, "app_photo(image)", photos);
            copy(c, "app_document(file, thumbnail)", documents);
            copy(c, "app_profile(avatar)", profiles);
            s.execute("VACUUM ANALYZE");
        }
        System.err.printf("  loaded rows in %.1fs%n", (System.nanoTime() - started) / 1e9);

        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            if (fate[i] == 1) {
                orphans.add(keyOf(i));
            }
        }
        orphans.sort(null);
        Files.write(truth, orphans);
        Files.writeString(dir.resolve("complete"), "orphans=" + orphans.size() + "\n");
    }

    long expectedOrphans() throws IOException {
        try (var lines = Files.lines(truth)) {
            return lines.count();
        }
    }

    private static void copy(Connection c, String target, StringBuilder rows) throws SQLException, IOException {
        if (rows.length() == 0) {
            return;
        }
        try (Reader reader = new StringReader(rows.toString())) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN", reader);
        }
        rows.setLength(0);
    }

    static void deleteTree(Path root) throws IOException {
        // rm -rf is several times faster than a Java walk on millions of files.
        try {
            Process rm = new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start();
            if (rm.waitFor() != 0) {
                throw new IOException("rm -rf " + root + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The PostgreSQL server the benchmark uses. */
    record PgServer(String host, int port, String user) {
        Connection connect(String database) throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", user);
            return DriverManager.getConnection(jdbcUrl(database), p);
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        void recreateDatabase(String database) throws SQLException {
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
                s.execute("CREATE DATABASE " + database);
            }
        }
    }
}
