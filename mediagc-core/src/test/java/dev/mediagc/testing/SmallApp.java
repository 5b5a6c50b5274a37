package dev.mediagc.testing;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.store.LocalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small application for guard tests: one table {@code profile(avatar)} in a real database,
 * {@code live} referenced files and {@code orphans} old unreferenced ones under {@code media/}.
 */
public final class SmallApp implements AutoCloseable {

    public final TestDatabase db;
    public final Path media;
    public final List<String> live = new ArrayList<>();
    public final List<String> orphans = new ArrayList<>();

    public SmallApp(TestDatabase db, Path media, int liveFiles, int orphanFiles) {
        this.db = db;
        this.media = media;
        db.execute("CREATE TABLE profile (id INT PRIMARY KEY, avatar VARCHAR(500))");
        StringBuilder insert = new StringBuilder("INSERT INTO profile VALUES ");
        for (int i = 0; i < liveFiles; i++) {
            String key = "avatars/" + (i % 10) + "/live-" + i + ".png";
            live.add(key);
            write(key, Duration.ofDays(10));
            insert.append(i == 0 ? "" : ",").append("(").append(i).append(", '").append(key).append("')");
        }
        if (liveFiles > 0) {
            db.execute(insert.toString());
        }
        for (int i = 0; i < orphanFiles; i++) {
            String key = "avatars/" + (i % 10) + "/orphan-" + i + ".png";
            orphans.add(key);
            write(key, Duration.ofDays(10));
        }
    }

    /** Writes a file aged {@code age}. */
    public Path write(String key, Duration age) {
        try {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sweep of this app: the profile column, the media folder, everything else default. */
    public MediaGc.Builder sweep() {
        return MediaGc.configure().dataSource(db.dataSource()).reference("profile.avatar").store(LocalStore.at(media));
    }

    @Override
    public void close() {
        db.close();
    }
}
