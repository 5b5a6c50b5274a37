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

    private MediaFileReferences(List<String> columns) {
        this.columns = columns;
    }

    public static MediaFileReferences from(SessionFactory sessionFactory) {
        Set<String> columns = new LinkedHashSet<>();
        MediaFileCleanup.of(sessionFactory).attributes().values()
                .forEach(list -> list.forEach(a -> columns.add(a.table() + "." + a.column())));
        return new MediaFileReferences(List.copyOf(columns));
    }

    /** {@code TABLE.COLUMN} (or {@code SCHEMA.TABLE.COLUMN}) for each attribute, quoted as mapped. */
    public List<String> columns() {
        return columns;
    }

    /** Adds every column as a reference of {@code builder}. */
    public MediaGc.Builder applyTo(MediaGc.Builder builder) {
        columns.forEach(builder::reference);
        return builder;
    }

    /** A builder reading these columns through {@code dataSource}. */
    public MediaGc.Builder sweep(DataSource dataSource) {
        return applyTo(MediaGc.configure().dataSource(dataSource));
    }
}
