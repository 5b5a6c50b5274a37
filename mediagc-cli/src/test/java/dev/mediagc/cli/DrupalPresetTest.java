package dev.mediagc.cli;

import java.util.List;
import java.util.UUID;

/**
 * The drupal preset on a Drupal 10 site's public files folder (sites/default/files) and its
 * file_managed table as Drupal's entity schema creates it on PostgreSQL: uploads in monthly
 * folders, image style derivatives (one style converting to WebP, which appends .webp), temporary
 * files not yet cleaned by cron, and what core itself writes there (aggregated CSS and JS, compiled
 * Twig, .htaccess, translations, media icons).
 */
class DrupalPresetTest extends RealApplicationPresetContract {

    private static final String[] NAMES = {"photo %d.jpg", "Straße Foto %d.jpg", "café-crème %d.png",
        "日本 写真 %d.jpeg", "my holiday (%d).JPG", "Ærø_strand_%d.gif"};
    private static final String[] STYLES = {"thumbnail", "medium", "large"};
    private int fid;

    @Override
    String preset() {
        return "drupal";
    }

    @Override
    java.util.Map<String, String> discoveredParams() {
        return java.util.Map.of("table-prefix", "");
    }

    @Override
    void buildApplication() {
        db.execute("""
                CREATE TABLE file_managed (
                  fid serial CHECK (fid >= 0),
                  uuid varchar(128) NOT NULL,
                  langcode varchar(12) NOT NULL,
                  uid bigint CHECK (uid >= 0),
                  filename varchar(255),
                  uri varchar(255) NOT NULL,
                  filemime varchar(255),
                  filesize bigint CHECK (filesize >= 0),
                  status smallint NOT NULL,
                  created integer,
                  changed integer NOT NULL,
                  PRIMARY KEY (fid),
                  CONSTRAINT file_managed_field__uuid__value__key UNIQUE (uuid))""",
                "CREATE INDEX file_managed__file_field__uri ON file_managed (uri)",
                "CREATE INDEX file_managed__file_field__status ON file_managed (status)",
                "CREATE INDEX file_managed__file_field__changed ON file_managed (changed)");

        for (int i = 0; i < 120; i++) {
            String path = String.format("%d-%02d/", 2021 + i % 4, 1 + i % 12) + String.format(NAMES[i % NAMES.length], i);
            boolean image = !path.endsWith(".gif") || i % 2 == 0;
            row("public://" + path, i % 10 == 9 ? 0 : 1); // status 0: temporary, cron has not removed it yet
            live(path);
            if (image) {
                for (int s = 0; s < (i % 3) + 1; s++) {
                    liveDerived("styles/" + STYLES[s] + "/public/" + path);
                }
                if (i % 4 == 0) {
                    liveDerived("styles/wide_webp/public/" + path + ".webp"); // a style converting to WebP
                }
            }
        }
        // Editor uploads and user pictures: rows of their own, in their own folders.
        for (String path : List.of("inline-images/diagram ü 1.png", "pictures/2024-05/avatar anna.jpg")) {
            row("public://" + path, 1);
            live(path);
            liveDerived("styles/thumbnail/public/" + path);
        }
        // Private and temporary files have rows too, and live in other folders.
        row("private://invoices/2024/rechnung 1.pdf", 1);
        row("temporary://upload-12ab.tmp", 0);

        // Deleted files whose originals and derivatives stayed (file_managed row gone).
        for (int i = 0; i < 15; i++) {
            String path = String.format("2023-%02d/", 1 + i % 12) + String.format(NAMES[i % NAMES.length], 900 + i);
            orphan(path);
            orphan("styles/thumbnail/public/" + path);
            if (i % 3 == 0) {
                orphan("styles/wide_webp/public/" + path + ".webp");
            }
        }
        // A derivative of a file that was replaced under a new name; and a stray upload no row names.
        orphan("styles/medium/public/2022-03/replaced photo.jpg");
        orphan("2024-01/never saved.png");
        // A private file's name in the public folder is not that file.
        orphan("invoices/2024/rechnung 1.pdf");

        // What Drupal core writes into the public folder itself: never uploads, always kept.
        for (String generated : List.of(".htaccess", "css/css_kXbQ2pA3vLq9F0.css", "css/css_kXbQ2pA3vLq9F0.css.gz",
                "js/js_Vn6Yc2k0pZ1Q.js", "php/twig/6650a1b2c3d4e_node.html.twig_xYz/abc123.php", "php/.htaccess",
                "translations/drupal-10.2.6.de.po", "languages/de_AbCdEf123.js", "media-icons/generic/generic.png",
                "config_HX3kq9sdLm/sync/.htaccess")) {
            live(generated);
        }
    }

    private void row(String uri, int status) {
        fid++;
        db.execute("INSERT INTO file_managed (uuid, langcode, uid, filename, uri, filemime, filesize, status, created, changed) "
                + "VALUES ('" + UUID.nameUUIDFromBytes(uri.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "', 'en', 1, '"
                + uri.substring(uri.lastIndexOf('/') + 1).replace("'", "''") + "', '" + uri.replace("'", "''")
                + "', 'image/jpeg', 12345, " + status + ", 1715000000, 1715000000)");
    }
}
