package dev.mediagc.hibernate;

import dev.mediagc.testing.TestDatabase;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** Plain Hibernate on a test database, its schema made from the entities and dropped at close. */
final class TestSessionFactories {

    private TestSessionFactories() {
    }

    static SessionFactory of(TestDatabase db, Class<?>... entities) {
        Configuration configuration = new Configuration()
                .setProperty("hibernate.connection.url", db.url())
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.show_sql", "false");
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
