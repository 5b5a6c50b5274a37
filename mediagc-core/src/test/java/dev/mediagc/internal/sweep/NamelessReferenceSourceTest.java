package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources are told apart by name (the report's rows by source, the last-run comparison, the
 * second mark): a custom source without one stops the run before anything is acted on, saying
 * which source it is.
 */
class NamelessReferenceSourceTest {

    @TempDir
    Path temp;
    SmallApp app;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 30, 12);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    /** A custom source of the SPI that gives no name: the rows by source cannot be labelled. */
    private static final class NamelessSource implements ReferenceSource {
        @Override
        public String name() {
            return null;
        }

        @Override
        public String identity() {
            return "nameless";
        }

        @Override
        public void stream(ReferenceSink sink) {
            sink.accept("gone/never-uploaded.png");
        }

        @Override
        public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) {
            return Set.of();
        }
    }

    @Test
    void aSourceWithoutANameStopsTheRunBeforeAnythingIsActedOn() {
        Map<String, String> before = MediaTree.snapshot(app.media);

        SweepReport report = app.sweep().referenceSource(new NamelessSource()).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isNotEqualTo(Outcome.APPLIED);
        assertThat(report.reason()).contains("reference source #2 (" + NamelessSource.class.getName() + ") has no name");
        assertThat(report.deleted().count()).isZero();
        assertThat(MediaTree.snapshot(app.media)).containsAllEntriesOf(before);
    }
}
