package dev.mediagc.soak;

import java.util.Random;

/**
 * The simulated application's two tables. A photo names its file by key; an attachment by URL
 * path under {@code /media/}, as web applications often store it (now and then with a doubled
 * slash, from joining a base URL that already ends in one).
 */
public enum Table {
    PHOTO("photo", "path"),
    ATTACHMENT("attachment", "url");

    /** What attachments put before the key; the sweep strips it. */
    public static final String URL_PREFIX = "/media/";

    final String name;
    final String column;

    Table(String name, String column) {
        this.name = name;
        this.column = column;
    }

    /** How a row of this table spells {@code key}. */
    String valueFor(String key, Random random) {
        if (this == PHOTO) {
            return key;
        }
        return (random.nextInt(8) == 0 ? "/media//" : URL_PREFIX) + key;
    }

    Table other() {
        return this == PHOTO ? ATTACHMENT : PHOTO;
    }

    static Table any(Random random) {
        return random.nextBoolean() ? PHOTO : ATTACHMENT;
    }

    String createSql() {
        return "CREATE TABLE " + name + " (id BIGSERIAL PRIMARY KEY, " + column + " VARCHAR(1000))";
    }
}
