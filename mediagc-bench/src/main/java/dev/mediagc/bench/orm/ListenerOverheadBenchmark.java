package dev.mediagc.bench.orm;

import dev.mediagc.hibernate.MediaFile;
import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.internal.store.LocalStore;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * What cleanup on change adds to a transaction that updates 10,000 entities: the same table shape
 * with and without {@code @MediaFile}, H2 in memory, alternating rounds in one run, with pending
 * deletions in the outbox table (the default). Two cases: no file changes (the listener's cost
 * alone: no outbox row may be written), and every row's file replaced (one outbox row per released
 * key, written in the same transaction).
 *
 * <pre>java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.orm.ListenerOverheadBenchmark [rows] [rounds]</pre>
 */
public final class ListenerOverheadBenchmark {

    @Entity(name = "WithFile")
    @Table(name = "with_file")
    public static class WithFile {
        @Id
        @GeneratedValue
        Long id;
        String title;
        @MediaFile
        String image;
    }

    @Entity(name = "WithoutFile")
    @Table(name = "without_file")
    public static class WithoutFile {
        @Id
        @GeneratedValue
        Long id;
        String title;
        String image;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        try (SessionFactory sf = new Configuration()
                .addAnnotatedClass(WithFile.class).addAnnotatedClass(WithoutFile.class)
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.jdbc.batch_size", "100")
                .buildSessionFactory()) {
            // A long delay: the worker must not delete during the measurement; the outbox is emptied between rounds.
            MediaFileCleanup.of(sf).store(LocalStore.at(Files.createTempDirectory("mediagc-orm-bench")))
                    .delay(java.time.Duration.ofHours(1));
            System.out.println("pending deletions in: " + MediaFileCleanup.of(sf).outboxTable().orElse("memory"));
            sf.inTransaction(s -> {
                for (int i = 0; i < rows; i++) {
                    WithFile a = new WithFile();
                    a.title = "t" + i;
                    a.image = "photos/" + i + ".jpg";
                    s.persist(a);
                    WithoutFile b = new WithoutFile();
                    b.title = "t" + i;
                    b.image = "photos/" + i + ".jpg";
                    s.persist(b);
                    if (i % 100 == 0) {
                        s.flush();
                        s.clear();
                    }
                }
            });
            measure(sf, rows, rounds, false);
            measure(sf, rows, rounds, true);
        }
    }

    private static void measure(SessionFactory sf, int rows, int rounds, boolean replaceFiles) {
        double[] with = new double[rounds];
        double[] without = new double[rounds];
        long outboxRows = 0;
        for (int round = 0; round < rounds; round++) {
            String value = "round-" + round;
            // Alternate the order so neither side always runs on a warmer JVM.
            if (round % 2 == 0) {
                with[round] = update(sf, WithFile.class, value, replaceFiles);
                without[round] = update(sf, WithoutFile.class, value, replaceFiles);
            } else {
                without[round] = update(sf, WithoutFile.class, value, replaceFiles);
                with[round] = update(sf, WithFile.class, value, replaceFiles);
            }
            outboxRows += emptyOutbox(sf);
        }
        // The first rounds warm the JIT; report the median of the rest.
        double medianWith = median(Arrays.copyOfRange(with, rounds / 3, rounds));
        double medianWithout = median(Arrays.copyOfRange(without, rounds / 3, rounds));
        System.out.printf("%,d updates in one transaction, %s: without @MediaFile %.1f ms, with @MediaFile %.1f ms, "
                        + "added %.1f%% (%.1f µs per row); outbox rows written: %,d in %d rounds%n", rows,
                replaceFiles ? "every file replaced" : "no file changed", medianWithout, medianWith,
                100 * (medianWith - medianWithout) / medianWithout, 1000 * (medianWith - medianWithout) / rows,
                outboxRows, rounds);
    }

    private static long emptyOutbox(SessionFactory sf) {
        return sf.fromTransaction(s -> (long) s.createNativeMutationQuery("DELETE FROM mediagc_pending_deletion").executeUpdate());
    }

    private static <T> double update(SessionFactory sf, Class<T> type, String value, boolean replaceFiles) {
        long started = System.nanoTime();
        sf.inTransaction(s -> {
            List<T> all = s.createSelectionQuery("from " + type.getSimpleName(), type).getResultList();
            for (T entity : all) {
                if (entity instanceof WithFile w) {
                    w.title = value;
                    if (replaceFiles) {
                        w.image = "photos/" + w.id + "-" + value + ".jpg";
                    }
                } else {
                    WithoutFile w = (WithoutFile) entity;
                    w.title = value;
                    if (replaceFiles) {
                        w.image = "photos/" + w.id + "-" + value + ".jpg";
                    }
                }
            }
        });
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
