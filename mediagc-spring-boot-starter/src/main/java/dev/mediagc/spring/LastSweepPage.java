package dev.mediagc.spring;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file holding the last sweep's HTML page ({@code mediagc.sweep.report-html}, or a file in a
 * temporary folder of the starter's own), which {@code /actuator/mediagc/html} serves. Each sweep
 * writes its page beside it first and {@link #publish() publishes} it by an atomic rename, so there
 * is one page at a time, a reader never sees half of one, and a sweep whose page could not be written
 * leaves no page at all rather than the one of an earlier run beside its report. The page is an aid
 * to the report, never a condition of it: a file that cannot be handled is logged, and the sweep
 * runs and its report is kept all the same.
 */
final class LastSweepPage {

    private static final Logger log = LoggerFactory.getLogger(LastSweepPage.class);

    private final Path configured;
    private Path file;

    /** @param configured the file named by the settings, or null for one in a temporary folder */
    LastSweepPage(Path configured) {
        this.configured = configured;
    }

    /**
     * Where the coming sweep writes its page: a file nothing else writes, emptied of any earlier
     * attempt; null when there is no such file (the sweep then writes no page).
     */
    synchronized Path next() {
        try {
            Path next = next(file());
            Files.deleteIfExists(next);
            return next;
        } catch (IOException e) {
            log.warn("the sweep writes no HTML report: {}", e.toString());
            return null;
        }
    }

    /**
     * Makes the page the sweep wrote at {@link #next()} the last sweep's page.
     *
     * @return the page, or null when the sweep wrote none (its report's warnings say why); the
     *         earlier run's page is then removed, as it would be shown beside a report not its own
     */
    synchronized Path publish() {
        if (file == null) {
            return null;
        }
        Path page = file;
        try {
            if (!Files.exists(next(page))) {
                Files.deleteIfExists(page);
                return null;
            }
            try {
                Files.move(next(page), page, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next(page), page, StandardCopyOption.REPLACE_EXISTING);
            }
            return page;
        } catch (IOException e) {
            log.warn("cannot publish the HTML report {}: {}", page, e.toString());
            return null;
        }
    }

    private static Path next(Path page) {
        return page.resolveSibling(page.getFileName() + ".next");
    }

    /** The page's file; the temporary folder is made with the first sweep, not at startup, and removed on exit. */
    private Path file() throws IOException {
        if (file == null) {
            if (configured != null) {
                Path absolute = configured.toAbsolutePath();
                Files.createDirectories(absolute.getParent());
                file = absolute;
            } else {
                Path folder = Files.createTempDirectory("mediagc-report-");
                folder.toFile().deleteOnExit();
                file = folder.resolve("last-sweep.html");
                // Deleted on exit before the folder, which is registered first.
                file.toFile().deleteOnExit();
            }
        }
        return file;
    }
}
