package dev.mediagc.hibernate;

import dev.mediagc.testing.TestDatabase;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** Plain Hibernate on a test database, its schema made from the entities. */
final class TestSessionFactories {

    private TestSessionFactories() {
    }

    /** The schema is made at start and dropped at close. */
    static SessionFactory of(TestDatabase db, Class<?>... entities) {
        return of(db, Map.of("hibernate.hbm2ddl.auto", "create-drop"), entities);
    }

    /** The schema is made where missing and kept at close, as an application restarted on its database sees it. */
    static SessionFactory kept(TestDatabase db, Map<String, String> settings, Class<?>... entities) {
        java.util.Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("hibernate.hbm2ddl.auto", "update");
        return of(db, all, entities);
    }

    static SessionFactory of(TestDatabase db, Map<String, String> settings, Class<?>... entities) {
        Configuration configuration = new Configuration()
                .setProperty("hibernate.connection.url", db.url())
                .setProperty("hibernate.show_sql", "false");
        settings.forEach(configuration::setProperty);
        for (Class<?> entity : entities) {
            configuration.addAnnotatedClass(entity);
        }
        if (db.user() != null) {
            configuration.setProperty("hibernate.connection.username", db.user());
        }
        if (db.password() != null) {
            configuration.setProperty("hibernate.connection.password", db.password());
        }
        return configuration.buildSessionFactory();
    }
}
