package dev.mediagc.hibernate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** The test application's media folder: files written days ago, so no grace period keeps them. */
record MediaFolder(Path root) {

    /** An existing file at {@code key}, returned as the key itself for use as an attribute value. */
    String file(String key) {
        try {
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String key) {
        return Files.exists(root.resolve(key));
    }
}
