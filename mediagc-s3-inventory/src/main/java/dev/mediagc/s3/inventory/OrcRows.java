package dev.mediagc.s3.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.TypeDescription;

/**
 * Reads an ORC inventory data file, whose columns are named as S3 documents them ({@code bucket},
 * {@code key}, {@code is_latest}, {@code is_delete_marker}, {@code size}, {@code last_modified_date},
 * {@code e_tag}, ...). Keys are plain text here (only CSV encodes them). Timestamps are read as UTC.
 */
final class OrcRows {

    private OrcRows() {
    }

    static void read(Path file, String name, RowConsumer rows) throws IOException {
        // No default resources: nothing from a Hadoop installation on this machine changes how the file is read.
        Configuration conf = new Configuration(false);
        try (Reader reader = OrcFile.createReader(new org.apache.hadoop.fs.Path(file.toUri()),
                OrcFile.readerOptions(conf).useUTCTimestamp(true)
                        // the raw local file system: no Hadoop .crc file is looked for beside the data file
                        .filesystem(org.apache.hadoop.fs.FileSystem.getLocal(conf).getRawFileSystem()))) {
            TypeDescription schema = reader.getSchema();
            List<String> names = schema.getFieldNames();
            java.util.Map<String, String> columns;
            try {
                columns = InventoryObjects.columns(names, name);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            int bucket = names.indexOf(columns.get("bucket"));
            int key = names.indexOf(columns.get("key"));
            int latest = columns.containsKey("is_latest") ? names.indexOf(columns.get("is_latest")) : -1;
            int deleteMarker = columns.containsKey("is_delete_marker") ? names.indexOf(columns.get("is_delete_marker")) : -1;
            int size = names.indexOf(columns.get("size"));
            int lastModified = names.indexOf(columns.get("last_modified_date"));
            int eTag = names.indexOf(columns.get("e_tag"));
            TypeDescription time = schema.getChildren().get(lastModified);
            if (time.getCategory() != TypeDescription.Category.TIMESTAMP) {
                // S3 writes a timestamp; for a plain number, which zone correction it needs is unknown
                throw new IOException(name + ": last_modified_date is " + time + ", not an ORC timestamp; is this an S3 Inventory?");
            }
            VectorizedRowBatch batch = schema.createRowBatch(4096);
            try (RecordReader records = reader.rows(reader.options().useZeroCopy(false))) {
                while (records.nextBatch(batch)) {
                    for (int r = 0; r < batch.size; r++) {
                        rows.row(new InventoryRow(string(batch.cols[bucket], r), string(batch.cols[key], r),
                                bool(latest < 0 ? null : batch.cols[latest], r),
                                bool(deleteMarker < 0 ? null : batch.cols[deleteMarker], r),
                                number(batch.cols[size], r), time(batch.cols[lastModified], r), string(batch.cols[eTag], r)));
                    }
                }
            }
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException(name + " cannot be read as an ORC inventory: " + e, e);
        }
    }

    private static int index(ColumnVector column, int row) {
        return column.isRepeating ? 0 : row;
    }

    private static boolean isNull(ColumnVector column, int row) {
        return !column.noNulls && column.isNull[index(column, row)];
    }

    private static String string(ColumnVector column, int row) {
        if (isNull(column, row)) {
            return null;
        }
        BytesColumnVector bytes = (BytesColumnVector) column;
        int i = index(column, row);
        return new String(bytes.vector[i], bytes.start[i], bytes.length[i], StandardCharsets.UTF_8);
    }

    private static Boolean bool(ColumnVector column, int row) {
        return column == null || isNull(column, row) ? null : ((LongColumnVector) column).vector[index(column, row)] != 0;
    }

    private static Long number(ColumnVector column, int row) {
        return isNull(column, row) ? null : ((LongColumnVector) column).vector[index(column, row)];
    }

    private static Instant time(ColumnVector column, int row) {
        if (isNull(column, row)) {
            return null;
        }
        TimestampColumnVector times = (TimestampColumnVector) column;
        int i = index(column, row);
        return Instant.ofEpochMilli(times.time[i]).plusNanos(times.nanos[i] % 1_000_000);
    }
}
