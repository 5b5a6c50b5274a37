package dev.mediagc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Snapshots of a folder's files (key → SHA-256), to prove what changed and what did not. */
public final class MediaTree {

    private MediaTree() {
    }

    /** Every regular file under {@code root} except mediagc's own area, by key. */
    public static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !root.relativize(p).startsWith(".mediagc"))
                    .forEach(p -> files.put(root.relativize(p).toString(), sha256(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Every entry under {@code root}, mediagc's own folder included: files by content, folders by name. */
    public static Map<String, String> everything(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> entries.put(root.relativize(p).toString(),
                    Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "folder" : sha256(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
