package dev.mediagc.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/** Writes uploads under the media root as {@code FOLDER/YYYY/MM/UUID-name}, the way upload_to does. */
@Component
public class MediaFolder {

    private final Path root;

    public MediaFolder(@Value("${mediagc.store.root}") Path root) {
        this.root = root;
    }

    public String save(String folder, MultipartFile upload) throws IOException {
        String name = upload.getOriginalFilename() == null ? "upload" : upload.getOriginalFilename();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
        YearMonth month = YearMonth.now();
        String key = String.format("%s/%d/%02d/%s-%s", folder, month.getYear(), month.getMonthValue(), UUID.randomUUID(), safe);
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        try (InputStream in = upload.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return key;
    }
}
