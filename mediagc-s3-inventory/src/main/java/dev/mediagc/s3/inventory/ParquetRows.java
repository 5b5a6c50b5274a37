package dev.mediagc.s3.inventory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet inventory data file, whose columns are named as S3 documents them ({@code bucket},
 * {@code key}, {@code is_latest}, {@code is_delete_marker}, {@code size}, {@code last_modified_date}
 * as a timestamp in milliseconds, {@code e_tag}, ...). Keys are plain text here (only CSV encodes them).
 */
final class ParquetRows {

    private ParquetRows() {
    }

    static void read(Path file, String name, RowConsumer rows) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            java.util.Map<String, String> columns;
            try {
                columns = InventoryObjects.columns(schema.getFields().stream().map(Type::getName).toList(), name);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            String bucket = columns.get("bucket");
            String key = columns.get("key");
            String latest = columns.get("is_latest");
            String deleteMarker = columns.get("is_delete_marker");
            String size = columns.get("size");
            String lastModified = columns.get("last_modified_date");
            String eTag = columns.get("e_tag");
            long perSecond = timeUnitsPerSecond(schema.getType(lastModified).asPrimitiveType());
            MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(schema);
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                RecordReader<Group> records = columnIo.getRecordReader(group, new GroupRecordConverter(schema));
                for (long r = 0; r < group.getRowCount(); r++) {
                    Group g = records.read();
                    Long modified = longOrNull(g, lastModified);
                    rows.row(new InventoryRow(stringOrNull(g, bucket), stringOrNull(g, key),
                            boolOrNull(g, latest), boolOrNull(g, deleteMarker), longOrNull(g, size),
                            modified == null ? null : Instant.ofEpochSecond(Math.floorDiv(modified, perSecond),
                                    Math.floorMod(modified, perSecond) * (1_000_000_000L / perSecond)),
                            stringOrNull(g, eTag)));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(name + " cannot be read as a Parquet inventory: " + e, e);
        }
    }

    /** S3 writes milliseconds ({@code TIMESTAMP(MILLIS)}); micro- and nanoseconds are read too. */
    private static long timeUnitsPerSecond(PrimitiveType type) throws IOException {
        if (type.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64) {
            throw new IOException("last_modified_date is " + type + ", not a 64-bit timestamp");
        }
        if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
            return switch (timestamp.getUnit()) {
                case MILLIS -> 1_000L;
                case MICROS -> 1_000_000L;
                case NANOS -> 1_000_000_000L;
            };
        }
        return 1_000L;
    }

    /** Whether the row has a value in column {@code field} (null: the file has no such column). */
    private static boolean present(Group g, String field) {
        return field != null && g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
    }

    private static String stringOrNull(Group g, String field) {
        return present(g, field) ? g.getString(field, 0) : null;
    }

    private static Long longOrNull(Group g, String field) {
        return present(g, field) ? g.getLong(field, 0) : null;
    }

    private static Boolean boolOrNull(Group g, String field) {
        return present(g, field) ? g.getBoolean(field, 0) : null;
    }
}
