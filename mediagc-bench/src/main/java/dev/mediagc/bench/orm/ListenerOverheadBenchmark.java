package dev.mediagc.bench.orm;

import dev.mediagc.hibernate.MediaFile;
import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.store.LocalStore;
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
 * What the cleanup listener adds to a transaction that updates 10,000 entities without touching
 * their files: the same table shape with and without {@code @MediaFile}, H2 in memory, alternating
 * rounds in one run.
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
            MediaFileCleanup.of(sf).store(LocalStore.at(Files.createTempDirectory("mediagc-orm-bench"))).inline(true);
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
            double[] with = new double[rounds];
            double[] without = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                String title = "round " + round;
                // Alternate the order so neither side always runs on a warmer JVM.
                if (round % 2 == 0) {
                    with[round] = update(sf, WithFile.class, title);
                    without[round] = update(sf, WithoutFile.class, title);
                } else {
                    without[round] = update(sf, WithoutFile.class, title);
                    with[round] = update(sf, WithFile.class, title);
                }
            }
            // The first rounds warm the JIT; report the median of the rest.
            double medianWith = median(Arrays.copyOfRange(with, rounds / 3, rounds));
            double medianWithout = median(Arrays.copyOfRange(without, rounds / 3, rounds));
            System.out.printf("%,d updates in one transaction, no file changed: without @MediaFile %.1f ms, "
                    + "with @MediaFile %.1f ms, added %.1f%%%n", rows, medianWithout, medianWith,
                    100 * (medianWith - medianWithout) / medianWithout);
        }
    }

    private static <T> double update(SessionFactory sf, Class<T> type, String title) {
        long started = System.nanoTime();
        sf.inTransaction(s -> {
            List<T> all = s.createSelectionQuery("from " + type.getSimpleName(), type).getResultList();
            for (T entity : all) {
                if (entity instanceof WithFile w) {
                    w.title = title;
                } else {
                    ((WithoutFile) entity).title = title;
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
