package dev.mediagc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Run a dry-run sweep on a built-in example: no server, no setup.",
            "",
            "Builds an H2 database file with a few Django-style tables and a media folder with referenced files, "
                + "orphans, a fresh upload and an empty folder, sweeps it, and prints the command that would apply it."})
final class DemoCommand implements Callable<Integer> {

    /** Marks a folder as made by this command, so a second run may replace it and nothing else. */
    static final String MARKER = ".mediagc-demo";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "mediagc-demo",
            description = "Where to build the example (default: ./mediagc-demo).")
    Path dir;

    @Override
    public Integer call() throws IOException, SQLException {
        Path root = dir.toAbsolutePath().normalize();
        prepareFolder(root);
        Path media = Files.createDirectories(root.resolve("media"));
        String url = "jdbc:h2:file:" + root.resolve("db").resolve("app");
        createDatabase(url);
        createMedia(media);

        List<String> sweep = new ArrayList<>(List.of("sweep",
                "--db", url, "--db-user", "sa",
                "--ref", "profile.avatar",
                "--ref", "document.file",
                "--ref", "document.thumbnail",
                "--ref", "gallery_photo.image",
                "--ref-sql", "SELECT logo FROM site_settings",
                "--strip-prefix", "/media/",
                "--store", media.toString(),
                // The demo wrote its files just now and set their times back; their status-change
                // times say "now", so without this nothing would be old enough for a day.
                "--age-from-mtime",
                "--list-orphans", root.resolve("orphans.txt").toString()));
        System.out.println("Example built in " + root + " (its files were made just now with older times, "
                + "hence --age-from-mtime)");
        System.out.println("Running: ./mediagc " + shellQuote(sweep));
        System.out.println();
        int exit = MediagcCommand.commandLine().execute(sweep.toArray(String[]::new));
        System.out.println();
        System.out.println("That was a dry run: nothing changed. The orphan list is in " + root.resolve("orphans.txt") + ".");
        System.out.println("To move the orphans into quarantine (undo with 'mediagc restore RUN_ID --store ...'), run:");
        List<String> apply = new ArrayList<>(sweep);
        apply.addAll(List.of("--apply", "--remove-empty-dirs"));
        System.out.println("  ./mediagc " + shellQuote(apply));
        return exit;
    }

    private static void prepareFolder(Path root) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            boolean ours = Files.exists(root.resolve(MARKER));
            boolean empty;
            try (Stream<Path> entries = Files.list(root)) {
                empty = entries.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new UsageException(root + " exists and was not made by 'mediagc demo'; "
                        + "name another folder: mediagc demo DIR");
            }
            if (ours) {
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(root);
        Files.writeString(root.resolve(MARKER), "made by mediagc demo; safe to delete\n");
    }

    private static void createDatabase(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE profile (id INT PRIMARY KEY, username VARCHAR(50), avatar VARCHAR(255))");
            s.execute("INSERT INTO profile VALUES (1, 'alice', 'avatars/alice.png'), (2, 'bob', 'avatars/bob.png'),"
                    + " (3, 'carol', NULL), (4, 'dave', ''), (5, 'erin', 'avatars/erin-missing.png')");
            s.execute("CREATE TABLE document (id INT PRIMARY KEY, file VARCHAR(255), thumbnail VARCHAR(255))");
            s.execute("INSERT INTO document VALUES (1, 'docs/2024/annual report.pdf', '/media/thumbs/annual report.jpg'),"
                    + " (2, 'docs/2024/budget #3 (50%).xlsx', NULL)");
            s.execute("CREATE TABLE gallery_photo (id INT PRIMARY KEY, image VARCHAR(255))");
            s.execute("INSERT INTO gallery_photo VALUES (1, 'photos/2024/05/beach.jpg'),"
                    + " (2, 'photos/2024/06/caf\u00e9 terrace.jpg'), (3, 'photos/2024/06/\u6771\u4eac.jpg')");
            s.execute("CREATE TABLE site_settings (id INT PRIMARY KEY, logo VARCHAR(255))");
            s.execute("INSERT INTO site_settings VALUES (1, 'logo.png')");
        }
    }

    private static void createMedia(Path media) throws IOException {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        // Referenced (one at the top of the root, one whose row holds a /media/ URL prefix).
        for (String key : List.of("logo.png", "avatars/alice.png", "avatars/bob.png",
                "docs/2024/annual report.pdf", "docs/2024/budget #3 (50%).xlsx", "thumbs/annual report.jpg",
                "photos/2024/05/beach.jpg", "photos/2024/06/caf\u00e9 terrace.jpg", "photos/2024/06/\u6771\u4eac.jpg")) {
            write(media, key, old);
        }
        // Orphans: replaced avatars, abandoned uploads, a deleted document, an old banner.
        for (String key : List.of("banner-2019.png", "avatars/alice-old.png", "avatars/bob-2021.png",
                "docs/2023/draft v1.pdf", "photos/2023/11/IMG_0042.jpg", "photos/2023/11/IMG_0043.jpg")) {
            write(media, key, old);
        }
        // A fresh upload whose row may not have committed yet: kept by the grace period.
        write(media, "photos/2024/06/just-uploaded.jpg", Instant.now());
        // Folders with nothing in them, left behind by earlier clean-ups.
        Path empty = Files.createDirectories(media.resolve("photos/2022/12"));
        Files.setLastModifiedTime(empty, FileTime.from(old));
        Files.setLastModifiedTime(empty.getParent(), FileTime.from(old));
    }

    private static void write(Path media, String key, Instant modified) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, ("demo content of " + key + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    static String shellQuote(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String arg : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (arg.matches("[A-Za-z0-9_./:=@%+,-]+")) {
                sb.append(arg);
            } else {
                sb.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
