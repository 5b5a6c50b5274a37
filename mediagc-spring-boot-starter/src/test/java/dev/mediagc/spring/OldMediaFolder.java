package dev.mediagc.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** Temporary folders for the report page's tests, made while their Spring context is being set up. */
final class OldMediaFolder {

    private OldMediaFolder() {
    }

    /** A media folder holding {@code photos/live.jpg} and {@code photos/orphan.jpg}, both old enough to be judged. */
    static Path withTwoPhotos(String prefix) {
        Path media = create(prefix);
        try {
            Files.createDirectories(media.resolve("photos"));
            for (String key : new String[] {"photos/live.jpg", "photos/orphan.jpg"}) {
                Path file = media.resolve(key);
                Files.writeString(file, key);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return media;
    }

    /** An empty temporary folder. */
    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
