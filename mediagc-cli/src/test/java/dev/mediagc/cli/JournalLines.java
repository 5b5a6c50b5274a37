package dev.mediagc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads a store's journals from outside while a sweep process writes them. */
final class JournalLines {

    private JournalLines() {
    }

    /** How many actions the journals in {@code journalFolder} record as done so far. */
    static long done(Path journalFolder) throws IOException {
        if (!Files.isDirectory(journalFolder)) {
            return 0;
        }
        try (Stream<Path> journals = Files.list(journalFolder)) {
            long done = 0;
            for (Path journal : journals.toList()) {
                try (Stream<String> lines = Files.lines(journal)) {
                    done += lines.filter(l -> l.contains("\"phase\":\"done\"")).count();
                } catch (java.io.UncheckedIOException torn) {
                    // a line being written right now
                }
            }
            return done;
        }
    }
}
