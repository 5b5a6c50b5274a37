package dev.mediagc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        long done = 0;
        for (Path text : journalTexts(journalFolder)) {
            try (Stream<String> lines = Files.lines(text)) {
                done += lines.filter(l -> l.contains("\"phase\":\"done\"")).count();
            } catch (UncheckedIOException | NoSuchFileException torn) {
                // a line being written right now
            }
        }
        return done;
    }

    /**
     * The files holding journal lines: each journal's parts ({@code RUN_ID.jsonl/00000001}, ...), or
     * an older journal's single file; never a part's private copy still being written.
     */
    private static List<Path> journalTexts(Path journalFolder) throws IOException {
        List<Path> texts = new ArrayList<>();
        for (Path journal : list(journalFolder)) {
            if (Files.isDirectory(journal)) {
                for (Path part : list(journal)) {
                    if (part.getFileName().toString().matches("\\d{8}")) {
                        texts.add(part);
                    }
                }
            } else if (journal.getFileName().toString().endsWith(".jsonl")) {
                texts.add(journal);
            }
        }
        return texts;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
