package dev.mediagc.s3.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        bucket = schema.indexOf("bucket");
        key = schema.indexOf("key");
        latest = schema.indexOf("islatest");
        deleteMarker = schema.indexOf("isdeletemarker");
        size = schema.indexOf("size");
        lastModified = schema.indexOf("lastmodifieddate");
        eTag = schema.indexOf("etag");
        fields = schema.size();
    }

    /** The reader for {@code fileSchema} ("Bucket, Key, Size, LastModifiedDate, ETag, ..."), refused without those five. */
    static CsvRows forSchema(String fileSchema, String where) {
        if (fileSchema == null || fileSchema.isBlank()) {
            throw new IllegalArgumentException(where + " has no fileSchema, which a CSV inventory needs to name its columns");
        }
        List<String> names = new ArrayList<>();
        for (String name : fileSchema.split(",")) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        List<String> missing = new ArrayList<>();
        for (String needed : List.of("Bucket", "Key", "Size", "LastModifiedDate", "ETag")) {
            if (!names.contains(needed.toLowerCase(Locale.ROOT))) {
                missing.add(needed);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(InventoryFields.missing(where, missing));
        }
        return new CsvRows(names);
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
            String encoded = r.get(key);
            String decodedKey = encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0 ? encoded
                    : URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            return new InventoryRow(r.get(bucket), decodedKey, bool(r, latest), bool(r, deleteMarker),
                    r.get(size).isEmpty() ? null : Long.parseLong(r.get(size)),
                    r.get(lastModified).isEmpty() ? null : time(r.get(lastModified)),
                    r.get(eTag).isEmpty() ? null : r.get(eTag));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(name + " line " + line + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * S3 writes {@code 2026-11-25T01:02:03.000Z}: read by hand, as parsing it with {@link Instant#parse}
     * took most of a row's time; anything else goes to {@link Instant#parse}.
     */
    static Instant time(String t) {
        if (t.length() == 24 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':'
                && t.charAt(16) == ':' && t.charAt(19) == '.' && t.charAt(23) == 'Z') {
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 2);
            int day = digits(t, 8, 2);
            int hour = digits(t, 11, 2);
            int minute = digits(t, 14, 2);
            int second = digits(t, 17, 2);
            int millis = digits(t, 20, 3);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60 && millis >= 0) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
            }
        }
        return Instant.parse(t);
    }

    /** The number written in {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String t, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static Boolean bool(List<String> r, int index) {
        if (index < 0 || r.get(index).isEmpty()) {
            return null;
        }
        String value = r.get(index);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("'" + value + "' is neither true nor false");
        }
        return Boolean.parseBoolean(value);
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
