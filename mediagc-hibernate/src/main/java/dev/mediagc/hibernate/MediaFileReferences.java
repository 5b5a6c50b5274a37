package dev.mediagc.hibernate;

import dev.mediagc.MediaGc;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * The sweep's reference sources, derived from the {@link MediaFile} mapping (as Django finds every
 * FileField): one {@code TABLE.COLUMN} per attribute.
 *
 * <pre>{@code
 * MediaFileReferences.from(sessionFactory).applyTo(MediaGc.configure().dataSource(dataSource))
 *         .store(store).load().sweep();
 * }</pre>
 */
public final class MediaFileReferences {

    private final List<String> columns;
    private final List<String> protectedGlobs;

    private MediaFileReferences(List<String> columns, List<String> protectedGlobs) {
        this.columns = columns;
        this.protectedGlobs = protectedGlobs;
    }

    public static MediaFileReferences from(SessionFactory sessionFactory) {
        Set<String> columns = new LinkedHashSet<>();
        Set<String> globs = new LinkedHashSet<>();
        MediaFileCleanup cleanup = MediaFileCleanup.of(sessionFactory);
        cleanup.attributes().values().forEach(list -> list.forEach(a -> {
            columns.add(a.table() + "." + a.column());
            globs.addAll(a.keep());
        }));
        globs.addAll(cleanup.protectedGlobs());
        return new MediaFileReferences(List.copyOf(columns), List.copyOf(globs));
    }

    /**
     * The keys cleanup never deletes ({@code @MediaFile(keep = …)} and {@code protect(…)}): a
     * default picture no row names must not be swept either, so they are the sweep's excludes.
     */
    public List<String> protectedGlobs() {
        return protectedGlobs;
    }

    /** {@code TABLE.COLUMN} (or {@code SCHEMA.TABLE.COLUMN}) for each attribute, quoted as mapped. */
    public List<String> columns() {
        return columns;
    }

    /** Adds every column as a reference of {@code builder}, and every protected glob as an exclude. */
    public MediaGc.Builder applyTo(MediaGc.Builder builder) {
        columns.forEach(builder::reference);
        return builder.exclude(protectedGlobs.toArray(String[]::new));
    }

    /** A builder reading these columns through {@code dataSource}. */
    public MediaGc.Builder sweep(DataSource dataSource) {
        return applyTo(MediaGc.configure().dataSource(dataSource));
    }
}
