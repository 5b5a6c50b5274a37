package dev.mediagc.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small upload service: listings with a photo and a brochure, files in a local folder. */
@SpringBootApplication
public class UploadsApplication {

    public static void main(String[] args) throws IOException {
        // The media folder must exist before mediagc opens it as a store.
        Files.createDirectories(Path.of(System.getProperty("media.root", "media")));
        SpringApplication.run(UploadsApplication.class, args);
    }
}
