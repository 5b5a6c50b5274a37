package dev.mediagc.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Laravel application using spatie/laravel-medialibrary as the package leaves it: the media table
 * of its migration (as Laravel's schema builder creates it on PostgreSQL), rows with the JSON
 * columns as Eloquent writes them (PHP's json_encode: {@code \/} and {@code \u00e9} escapes, {@code []}
 * for an empty array), and the "public" disk laid out by DefaultPathGenerator and DefaultFileNamer:
 * {@code {id}/{file_name}}, {@code {id}/conversions/{name}-{conversion}.{ext}} (jpg by default, webp
 * or the original's format when the conversion says so), {@code {id}/responsive-images/…}. Beside
 * them, the truth: files no row names (a deleted row's folder, a conversion of a deleted row, a
 * conversion and a responsive image no row lists any more) and the application's own files on the disk.
 */
final class MedialibraryApp implements AutoCloseable {

    static final String DISK = "public";
    private static final String[] NAMES = {"café-crème", "東京-夜景", "Übersicht-2024", "photo", "naïve_Ærø", "IMG_2041"};
    /** PHP's json_encode without flags escapes '/' and every non-ASCII character. */
    private static final ObjectMapper PHP_JSON = JsonMapper.builder().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII).build();

    final TestDatabase db;
    final Path disk;
    final List<String> orphans = new ArrayList<>();
    /** Live files no column holds whole: conversions and responsive images. */
    final List<String> derivedFiles = new ArrayList<>();
    final List<String> applicationFiles = new ArrayList<>();
    private final Connection connection;
    private long nextId = 1;

    MedialibraryApp(TestDatabase db, Path disk, int media, int deletedMedia) {
        this.db = db;
        this.disk = disk;
        try {
            connection = db.connect();
            createTable();
            for (int i = 0; i < media; i++) {
                addMedia(i);
            }
            addRowsOfOtherDisks();
            for (int i = 0; i < deletedMedia; i++) {
                addDeletedMedia(i);
            }
            addFilesNoRowNames();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void createTable() {
        // database/migrations/create_media_table.php.stub, as Laravel's PostgreSQL grammar creates it.
        db.execute("create table \"media\" (\"id\" bigserial not null primary key, \"model_type\" varchar(255) not null, "
                        + "\"model_id\" bigint not null, \"uuid\" uuid null, \"collection_name\" varchar(255) not null, "
                        + "\"name\" varchar(255) not null, \"file_name\" varchar(255) not null, \"mime_type\" varchar(255) null, "
                        + "\"disk\" varchar(255) not null, \"conversions_disk\" varchar(255) null, \"size\" bigint not null, "
                        + "\"manipulations\" json not null, \"custom_properties\" json not null, "
                        + "\"generated_conversions\" json not null, \"responsive_images\" json not null, "
                        + "\"order_column\" integer null, \"created_at\" timestamp(0) without time zone null, "
                        + "\"updated_at\" timestamp(0) without time zone null)",
                "create index \"media_model_type_model_id_index\" on \"media\" (\"model_type\", \"model_id\")",
                "alter table \"media\" add constraint \"media_uuid_unique\" unique (\"uuid\")",
                "create index \"media_order_column_index\" on \"media\" (\"order_column\")");
    }

    private void addMedia(int i) throws SQLException {
        String stem = NAMES[i % NAMES.length] + "-" + i;
        long id = nextId++;
        switch (i % 5) {
            case 0 -> { // a photo: a jpg thumb, a webp preview, responsive images of the original
                write(id + "/" + stem + ".jpg");
                insert(id, stem + ".jpg", "image/jpeg", DISK, DISK,
                        conversions(id, stem, Map.of("thumb", "jpg", "preview", "webp"), true),
                        responsive(id, stem, "jpg", List.of("media_library_original")));
            }
            case 1 -> { // a png: thumb in the default jpg, 'square' keeping the png format
                write(id + "/" + stem + ".png");
                insert(id, stem + ".png", "image/png", DISK, null,
                        conversions(id, stem, Map.of("thumb", "jpg", "square", "png"), true), "[]");
            }
            case 2 -> { // a PDF: a jpg thumb of its first page
                write(id + "/" + stem + ".pdf");
                insert(id, stem + ".pdf", "application/pdf", DISK, DISK, conversions(id, stem, Map.of("thumb", "jpg"), true),
                        "[]");
            }
            case 3 -> { // a document: no conversions at all
                write(id + "/" + stem + ".docx");
                insert(id, stem + ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DISK,
                        DISK, "[]", "[]");
            }
            default -> { // a photo whose 'preview' is not generated yet, with responsive images of the thumb too
                write(id + "/" + stem + ".jpeg");
                Map<String, Object> generated = new LinkedHashMap<>();
                generated.put("thumb", true);
                generated.put("preview", false);
                live(id + "/conversions/" + stem + "-thumb.jpg");
                insert(id, stem + ".jpeg", "image/jpeg", DISK, DISK, phpJson(generated),
                        responsive(id, stem, "jpeg", List.of("media_library_original", "thumb")));
                if (i < 10) {
                    // A conversion since removed from the model: the row no longer lists it.
                    orphan(id + "/conversions/" + stem + "-banner.jpg");
                    // A responsive image of an earlier generation, replaced by the ones the row lists.
                    orphan(id + "/responsive-images/" + stem + "___media_library_original_1600_1067.jpeg");
                }
            }
        }
    }

    /** Rows on other disks: an original on s3 with its conversions here, an original here with its conversions on s3. */
    private void addRowsOfOtherDisks() throws SQLException {
        long onS3 = nextId++;
        insert(onS3, "auf-s3.jpg", "image/jpeg", "s3", DISK, conversions(onS3, "auf-s3", Map.of("thumb", "jpg"), true),
                responsive(onS3, "auf-s3", "jpg", List.of("media_library_original")));
        long conversionsOnS3 = nextId++;
        write(conversionsOnS3 + "/vignettes-ailleurs.jpg");
        insert(conversionsOnS3, "vignettes-ailleurs.jpg", "image/jpeg", DISK, "s3",
                conversions(conversionsOnS3, "vignettes-ailleurs", Map.of("thumb", "jpg"), false), "[]");
    }

    /** A row deleted without its files (a raw DELETE, a failed job): its whole folder is orphaned. */
    private void addDeletedMedia(int i) {
        long id = 900 + i;
        String stem = "gelöscht-" + NAMES[i % NAMES.length];
        orphan(id + "/" + stem + ".jpg");
        orphan(id + "/conversions/" + stem + "-thumb.jpg");
        orphan(id + "/conversions/" + stem + "-preview.webp");
        for (int width : new int[] {1200, 800, 400}) {
            orphan(id + "/responsive-images/" + stem + "___media_library_original_" + width + "_" + (width * 2 / 3) + ".jpg");
        }
    }

    private void addFilesNoRowNames() {
        // A conversion of a deleted row whose original went with the row.
        orphan("977/conversions/ancien-thumb.jpg");
        // The application's own files on the same disk: not the media library's.
        for (String key : List.of(".gitignore", "default-cover.jpg", "avatars/user-1.png", "livewire-tmp/Xy7-meta.png",
                "exports/2024/bericht.csv", "2024-import/3/photo.jpg")) {
            write(key);
            applicationFiles.add(key);
        }
    }

    /** generated_conversions as the package writes it, and each generated conversion's file if it is to exist here. */
    private String conversions(long id, String stem, Map<String, String> extensions, boolean filesHere) {
        Map<String, Object> generated = new LinkedHashMap<>();
        extensions.forEach((conversion, extension) -> {
            generated.put(conversion, true);
            if (filesHere) {
                live(id + "/conversions/" + stem + "-" + conversion + "." + extension);
            }
        });
        return phpJson(generated);
    }

    /** responsive_images: per conversion, the names of its widths and a tiny placeholder SVG. */
    private String responsive(long id, String stem, String extension, List<String> conversions) {
        Map<String, Object> images = new LinkedHashMap<>();
        for (String conversion : conversions) {
            List<String> urls = new ArrayList<>();
            for (int width : new int[] {1200, 1003, 839, 702, 587}) {
                String name = stem + "___" + conversion + "_" + width + "_" + (width * 2 / 3) + "." + extension;
                urls.add(name);
                live(id + "/responsive-images/" + name);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("urls", urls);
            entry.put("base64svg", "data:image/svg+xml;base64,PD94bWwgdmVyc2lvbj0iMS4wIj8+");
            images.put(conversion, entry);
        }
        return phpJson(images);
    }

    private void insert(long id, String fileName, String mimeType, String disk, String conversionsDisk,
            String generatedConversions, String responsiveImages) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into \"media\" (\"id\", \"model_type\", "
                + "\"model_id\", \"uuid\", \"collection_name\", \"name\", \"file_name\", \"mime_type\", \"disk\", "
                + "\"conversions_disk\", \"size\", \"manipulations\", \"custom_properties\", \"generated_conversions\", "
                + "\"responsive_images\", \"order_column\", \"updated_at\", \"created_at\") values (?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, cast(? as json), cast(? as json), cast(? as json), cast(? as json), ?, now(), now())")) {
            insert.setLong(1, id);
            insert.setString(2, "App\\Models\\Post");
            insert.setLong(3, id % 7 + 1);
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, "images");
            insert.setString(6, fileName.substring(0, fileName.lastIndexOf('.')));
            insert.setString(7, fileName);
            insert.setString(8, mimeType);
            insert.setString(9, disk);
            insert.setString(10, conversionsDisk);
            insert.setLong(11, 12_345);
            insert.setString(12, "[]");
            insert.setString(13, phpJson(Map.of("alt", "Légende / " + fileName)));
            insert.setString(14, generatedConversions);
            insert.setString(15, responsiveImages);
            insert.setLong(16, id);
            insert.executeUpdate();
        }
        // Keep the sequence past the ids chosen here, as inserts through Eloquent would.
        db.execute("select setval('media_id_seq', " + id + ")");
    }

    private static String phpJson(Object value) {
        try {
            return PHP_JSON.writeValueAsString(value).replace("/", "\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void live(String key) {
        write(key);
        derivedFiles.add(key);
    }

    private void orphan(String key) {
        write(key);
        orphans.add(key);
    }

    private void write(String key) {
        try {
            Path file = disk.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, ("medialibrary:" + key).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the database goes next
        }
        db.close();
    }
}
