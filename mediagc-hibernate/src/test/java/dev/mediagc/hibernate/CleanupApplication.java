package dev.mediagc.hibernate;

import dev.mediagc.hibernate.Entities.Profile;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * A small application run in its own process by {@link CrashBetweenCommitAndCleanupTest}, so it can
 * be killed between a commit and the cleanup that follows.
 * <ul>
 *   <li>{@code release URL USER PASSWORD MEDIA}: three profiles, a.png held by one, b.png by two;
 *       deletes the holder of a.png and one holder of b.png, prints COMMITTED, and waits to be killed
 *       (the delay is an hour, so nothing is taken up before).</li>
 *   <li>{@code resume URL USER PASSWORD MEDIA}: starts again with no delay, takes up what is pending,
 *       prints IDLE and stops.</li>
 * </ul>
 */
public final class CleanupApplication {

    public static void main(String[] args) throws Exception {
        String phase = args[0];
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Profile.class)
                .setProperty("hibernate.connection.url", args[1])
                .setProperty("hibernate.hbm2ddl.auto", "update")
                .setProperty(MediaFileIntegrator.STORE_ROOT, args[4])
                .setProperty(MediaFileIntegrator.DELAY, phase.equals("release") ? "1h" : "0");
        if (!args[2].isEmpty()) {
            configuration.setProperty("hibernate.connection.username", args[2]);
        }
        configuration.setProperty("hibernate.connection.password", args[3]);
        try (SessionFactory sessionFactory = configuration.buildSessionFactory()) {
            if (phase.equals("release")) {
                Map<String, Long> ids = sessionFactory.fromTransaction(s -> {
                    Profile a = new Profile("a", "avatars/a.png", null);
                    Profile b = new Profile("b", "avatars/b.png", null);
                    Profile c = new Profile("c", "avatars/b.png", null);
                    s.persist(a);
                    s.persist(b);
                    s.persist(c);
                    return Map.of("a", a.id, "c", c.id);
                });
                sessionFactory.inTransaction(s -> {
                    s.remove(s.get(Profile.class, ids.get("a")));
                    s.remove(s.get(Profile.class, ids.get("c")));
                });
                System.out.println("COMMITTED");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            } else {
                boolean idle = MediaFileCleanup.of(sessionFactory).awaitIdle(java.time.Duration.ofSeconds(60));
                System.out.println(idle ? "IDLE" : "BUSY");
            }
        }
    }
}
