package dev.mediagc.s3.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV inventory data file: gzip-compressed, one object version a line, fields in the order
 * the manifest's {@code fileSchema} names them, each quoted; the key URL-encoded (a space as
 * {@code +}, a {@code +} as {@code %2B}). A line that cannot be read fails the file.
 */
final class CsvRows {

    private final int bucket;
    private final int key;
    private final int latest;
    private final int deleteMarker;
    private final int size;
    private final int lastModified;
    private final int eTag;
    private final int fields;

    private CsvRows(List<String> schema) {
        int[] at = InventoryObjects.csvFieldIndexes(schema);
        bucket = at[0];
        key = at[1];
        latest = at[2];
        deleteMarker = at[3];
        size = at[4];
        lastModified = at[5];
        eTag = at[6];
        fields = schema.size();
    }

    /** The reader for {@code fileSchema} ("Bucket, Key, Size, LastModifiedDate, ETag, ..."), refused without those five. */
    static CsvRows forSchema(String fileSchema, String where) {
        return new CsvRows(InventoryObjects.csvColumns(fileSchema, where));
    }

    void read(Path file, String name, RowConsumer rows) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Records records = new Records(reader);
            long line = 0;
            for (List<String> record = records.next(); record != null; record = records.next()) {
                line++;
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // a blank line
                }
                if (record.size() != fields) {
                    throw new IOException(name + " line " + line + ": " + record.size() + " fields where the manifest's "
                            + "fileSchema names " + fields);
                }
                rows.row(row(record, name, line));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + " is not a gzip-compressed CSV file: " + e.getMessage(), e);
        }
    }

    private InventoryRow row(List<String> r, String name, long line) throws IOException {
        try {
            return InventoryRow.ofCsv(r.get(bucket), r.get(key), field(r, latest), field(r, deleteMarker), r.get(size),
                    r.get(lastModified), r.get(eTag));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(name + " line " + line + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String field(List<String> r, int index) {
        return index < 0 ? null : r.get(index);
    }

    /** RFC 4180 records: fields quoted or not, a quote inside a quoted field doubled, line ends inside quotes kept. */
    private static final class Records {
        private final Reader in;
        /** Read in blocks: a Reader's read() of one character takes a lock each time. */
        private final char[] buffer = new char[1 << 16];
        private int position;
        private int limit;
        private int pending = -2;

        Records(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }

        /** The next record, or null at the end. */
        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new IOException("a quoted field is not closed before the end of the file");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            pending = after;
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == -1) {
                    record.add(field.toString());
                    return record;
                } else if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        pending = after;
                    }
                    record.add(field.toString());
                    return record;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
