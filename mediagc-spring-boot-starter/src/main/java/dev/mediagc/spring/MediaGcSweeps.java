package dev.mediagc.spring;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.internal.reference.SqlIdentifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs sweeps inside the application with the references found in the {@code @MediaFile}
 * mapping (when the application uses JPA) plus {@code mediagc.sweep.references} and
 * {@code mediagc.sweep.reference-queries}, and keeps the last report, and its HTML page, for the
 * actuator endpoint and metrics.
 */
public class MediaGcSweeps implements SmartInitializingSingleton {

    private final Supplier<MediaGc.Builder> mappedReferences;
    private final DataSource dataSource;
    private final ObjectStore store;
    private final MediaGcProperties properties;
    private final Consumer<SweepReport> onReport;
    private final LastSweepPage page;
    /**
     * The report and its page, replaced together while holding {@code page}'s lock, under which the
     * endpoint opens the page: it never pairs one run's report with another's page.
     */
    private final AtomicReference<LastSweep> last = new AtomicReference<>();

    /**
     * @param mappedReferences a builder on {@code dataSource} already holding the references the
     *                         application's mapping declares (none without JPA); called once per sweep
     */
    public MediaGcSweeps(Supplier<MediaGc.Builder> mappedReferences, DataSource dataSource, ObjectStore store,
                         MediaGcProperties properties, Consumer<SweepReport> onReport) {
        properties.getSweep().validate();
        StarterSettings.valuesOf(properties);
        this.mappedReferences = mappedReferences;
        this.dataSource = dataSource;
        this.store = store;
        this.properties = properties;
        this.onReport = onReport;
        this.page = new LastSweepPage(properties.getSweep().getReportHtml());
    }

    /** The scheduled sweep: applies only when {@code mediagc.sweep.apply} is true. */
    public SweepReport scheduled() {
        return run(properties.getSweep().isApply());
    }

    /** A dry run, whatever the settings say. */
    public SweepReport dryRun() {
        return run(false);
    }

    public SweepReport last() {
        LastSweep sweep = last.get();
        return sweep == null ? null : sweep.report();
    }

    /** Whether sweeps write an HTML page ({@code mediagc.sweep.report-html-enabled}, true by default). */
    public boolean writesPages() {
        return properties.getSweep().isReportHtmlEnabled();
    }

    /**
     * The last sweep's report with its page, the self-contained HTML page {@code mediagc sweep
     * --report-html} writes, opened for reading: a sweep that ends meanwhile does not change what
     * the stream reads, so the page is whole and the report's. Empty before the first sweep.
     */
    public Optional<LastPage> openLastPage() throws IOException {
        synchronized (page) {
            LastSweep sweep = last.get();
            if (sweep == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(new LastPage(sweep.report(), sweep.page() == null ? null : Files.newInputStream(sweep.page())));
            } catch (NoSuchFileException e) {
                // Removed since the sweep, by hand or by a cleaner of temporary folders.
                return Optional.of(new LastPage(sweep.report(), null));
            }
        }
    }

    /**
     * @param report the last sweep's report
     * @param page   its page, for the caller to read and close; null when the sweep wrote none (the
     *               report's warnings say why)
     */
    public record LastPage(SweepReport report, InputStream page) {
    }

    /** @param page the file holding the run's HTML page, or null when it wrote none */
    private record LastSweep(SweepReport report, Path page) {
    }

    /**
     * Looks each of {@code mediagc.sweep.references} and {@code mediagc.sweep.reference-queries} up
     * once, with the statement a sweep verifies candidates with, so a table or column that does
     * not exist stops startup instead of failing every sweep and keeping every file cleanup on
     * change releases. Runs after all beans are made, when schema initialisation is done.
     */
    @Override
    public void afterSingletonsInstantiated() {
        MediaGcProperties.Sweep sweep = properties.getSweep();
        for (int i = 0; i < sweep.getReferences().size(); i++) {
            requireReadable("mediagc.sweep.references[" + i + "]",
                    new ColumnReference(dataSource, SqlIdentifier.parseColumn(sweep.getReferences().get(i)), 0));
        }
        for (int i = 0; i < sweep.getReferenceQueries().size(); i++) {
            String setting = "mediagc.sweep.reference-queries[" + i + "]";
            requireReadable(setting, new QueryReference(dataSource, sweep.getReferenceQueries().get(i), setting, i + 1, 0));
        }
    }

    private static void requireReadable(String setting, ReferenceSource source) {
        try {
            // No file is called "", so only whether the statement runs matters.
            source.lookUp(List.of(""), false);
        } catch (ReferenceSourceException e) {
            throw new IllegalStateException(setting + " (" + source.name() + ") cannot be read: " + e.getMessage(), e);
        }
    }

    private synchronized SweepReport run(boolean apply) {
        MediaGcProperties.Sweep sweep = properties.getSweep();
        MediaGc.Builder builder = StarterSettings.applyTo(mappedReferences.get().store(store), properties, apply);
        sweep.getReferences().forEach(builder::reference);
        sweep.getReferenceQueries().forEach(builder::referenceQuery);
        boolean writesPage = sweep.isReportHtmlEnabled();
        if (writesPage) {
            builder.reportHtml(page.next());
        }
        SweepReport report = builder.load().sweep();
        synchronized (page) {
            last.set(new LastSweep(report, writesPage ? page.publish() : null));
        }
        onReport.accept(report);
        return report;
    }
}
