package dev.mediagc.s3.inventory;

import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one set of rules that turns an S3 Inventory's rows into the objects the S3 store's own
 * listing shows, shared by the one-machine listing ({@link InventoryListedStore}) and the Spark job
 * ({@code mediagc-spark}), which reads the same files with Spark's readers:
 *
 * <ul>
 *   <li>a CSV inventory's key is URL-encoded and its fields are text ({@link InventoryRow#ofCsv},
 *       columns named by {@link #csvColumns}); ORC and Parquet keys are plain text;</li>
 *   <li>only the current version of an object, never a delete marker, only keys under the store's
 *       prefix, relative to it, and no folder markers ({@link #relativeKey}); a row of another
 *       bucket fails the reading;</li>
 *   <li>nothing in mediagc's own area ({@code .mediagc/}) and nothing inside another store nested
 *       below the root at any depth, a folder holding a {@code .mediagc} entry: a first pass over
 *       all rows collects those folders ({@link #nestedStore}, {@link #outermost}), since an
 *       inventory's files are not sorted, and a second keeps what {@link #listed} says;</li>
 *   <li>the size, the time truncated to the second and the ETag quoted as a HEAD of the object
 *       ({@code S3Store.stat}) reports it ({@link #object}), so a re-verification finds an
 *       unchanged object unchanged.</li>
 * </ul>
 *
 * Serializable: the Spark job sends it to its executors.
 */
public final class InventoryObjects implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The fields every inventory needs, as ORC and Parquet name them: a sweep compares them with the live object. */
    public static final List<String> NEEDED_FIELDS = List.of("bucket", "key", "size", "last_modified_date", "e_tag");

    /** The version flags, present when the inventory lists every version. */
    public static final List<String> VERSION_FIELDS = List.of("is_latest", "is_delete_marker");

    /** How old an inventory may be unless told otherwise: a weekly inventory and a day. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(8);

    private static final List<String> NEEDED_CSV_FIELDS = List.of("Bucket", "Key", "Size", "LastModifiedDate", "ETag");

    private final String bucket;
    private final String prefix;

    /**
     * The rules for the store {@code s3://bucket/prefix}; {@code prefix} is empty or ends with
     * {@code /}, without a leading one (as {@code S3Location} writes it).
     */
    public InventoryObjects(String bucket, String prefix) {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("an inventory's store needs a bucket");
        }
        if (prefix == null || prefix.startsWith("/") || !prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a store's prefix is empty or ends with '/', not '" + prefix + "'");
        }
        this.bucket = bucket;
        this.prefix = prefix;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Refuses, with one line saying what to do, an inventory ({@code where} names its manifest) of
     * another bucket than the store's, or made before {@code now} minus {@code maxAge} (null: any age).
     */
    public void accept(InventoryManifest manifest, String where, Duration maxAge, Instant now) {
        if (!bucket.equals(manifest.sourceBucket())) {
            throw new IllegalArgumentException("the inventory " + where + " lists bucket '" + manifest.sourceBucket()
                    + "', not the store's bucket '" + bucket + "'; give an inventory of " + bucket);
        }
        if (maxAge != null && manifest.creationTime().isBefore(now.minus(maxAge))) {
            Duration age = Duration.ofHours(Duration.between(manifest.creationTime(), now).toHours());
            throw new IllegalArgumentException("the inventory " + where + " is from " + manifest.creationTime() + ", "
                    + DurationParser.format(age) + " ago, older than --inventory-max-age " + DurationParser.format(maxAge)
                    + "; give a newer one or raise the limit");
        }
    }

    /**
     * The row's key relative to the store's prefix, or null when the store's own listing would not
     * show it: an old version, a delete marker, a key outside the prefix, a folder marker. A row of
     * another bucket, or without a key, fails with an IOException naming {@code where} (the data file).
     */
    public String relativeKey(InventoryRow row, String where) throws IOException {
        if (!bucket.equals(row.bucket())) {
            throw new IOException(where + " lists bucket '" + row.bucket() + "', not '" + bucket
                    + "'; the inventory is not of this bucket");
        }
        if (row.key() == null) {
            throw new IOException(where + " has a row without a key");
        }
        String key = currentKeyUnderPrefix(row);
        return key == null || key.isEmpty() || key.endsWith("/") ? null : key;
    }

    /**
     * The folder of another store nested below the root that the row marks, be it an object in its
     * {@code .mediagc} area or an empty {@code .mediagc/} folder marker (which {@link #relativeKey}
     * leaves out, being no object), as the S3 store's own listing tells them apart; null otherwise.
     * Checks the row's bucket and key as {@link #relativeKey} does.
     */
    public String nestedStoreMarkedBy(InventoryRow row, String where) throws IOException {
        relativeKey(row, where);
        String key = currentKeyUnderPrefix(row);
        return key == null ? null : nestedStore(key);
    }

    /** The key of a current version that is no delete marker, relative to the prefix; null otherwise. */
    private String currentKeyUnderPrefix(InventoryRow row) {
        boolean current = !Boolean.FALSE.equals(row.latest()) && !Boolean.TRUE.equals(row.deleteMarker());
        if (!current || !row.key().startsWith(prefix)) {
            return null;
        }
        return row.key().substring(prefix.length());
    }

    /**
     * The object as the store's listing and {@code stat} report it: the time to the second, the
     * ETag quoted. A row without size, time or ETag cannot be compared with the live object: it is
     * reported without a time, so it counts as young and is never a candidate.
     */
    public static StoredObject object(String relativeKey, InventoryRow row) {
        if (row.size() == null || row.lastModified() == null || row.eTag() == null) {
            return new StoredObject(relativeKey, row.size() == null ? 0 : row.size(), null, null);
        }
        String eTag = row.eTag().startsWith("\"") ? row.eTag() : "\"" + row.eTag() + "\"";
        return new StoredObject(relativeKey, row.size(), row.lastModified().truncatedTo(ChronoUnit.SECONDS), eTag);
    }

    /**
     * The shallowest folder below the root (relative, ending in {@code /}) whose {@code .mediagc}
     * entry {@code relativeKey} is or lies in: another store nested in this one. Null otherwise, and
     * for the root's own {@code .mediagc/}.
     */
    public static String nestedStore(String relativeKey) {
        String[] segments = relativeKey.split("/", -1);
        StringBuilder folder = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0 && segments[i].equals(".mediagc")) {
                return folder.toString();
            }
            folder.append(segments[i]).append('/');
        }
        return null;
    }

    /** Of the nested stores' folders found, those inside no other: what a listing reports as other stores. */
    public static Set<String> outermost(Collection<String> nestedStores) {
        Set<String> all = new TreeSet<>(nestedStores);
        Set<String> outermost = new TreeSet<>();
        for (String folder : all) {
            if (under(folder.substring(0, folder.length() - 1), all) == null) {
                outermost.add(folder);
            }
        }
        return outermost;
    }

    /**
     * Whether the store's listing shows {@code relativeKey}, given the nested stores' folders of the
     * whole inventory: not in mediagc's own area, not inside another store.
     */
    public static boolean listed(String relativeKey, Set<String> nestedStores) {
        return !relativeKey.startsWith(".mediagc/") && under(relativeKey, nestedStores) == null;
    }

    /** The folder of {@code folders} that {@code key} lies in, or null. */
    static String under(String key, Set<String> folders) {
        if (folders.isEmpty()) {
            return null;
        }
        for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
            String folder = key.substring(0, slash + 1);
            if (folders.contains(folder)) {
                return folder;
            }
        }
        return null;
    }

    /**
     * The column names of a CSV inventory's data files, in order, as its manifest's {@code fileSchema}
     * ("Bucket, Key, Size, LastModifiedDate, ETag, ...") gives them, lower-cased; refused with a message
     * saying what to do when a field a sweep needs is missing.
     */
    public static List<String> csvColumns(String fileSchema, String where) {
        if (fileSchema == null || fileSchema.isBlank()) {
            throw new IllegalArgumentException(where + " has no fileSchema, which a CSV inventory needs to name its columns");
        }
        List<String> names = new ArrayList<>();
        for (String name : fileSchema.split(",")) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        List<String> missing = new ArrayList<>();
        for (String needed : NEEDED_CSV_FIELDS) {
            if (!names.contains(needed.toLowerCase(Locale.ROOT))) {
                missing.add(needed);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missingFields(where, missing));
        }
        return List.copyOf(names);
    }

    /**
     * The ORC or Parquet columns of {@code names} that hold the fields a sweep reads
     * ({@link #NEEDED_FIELDS}, {@link #VERSION_FIELDS}), matched ignoring case as Spark resolves
     * columns: field as S3 names it to the column's own name. A field absent from the file is absent
     * from the map; one {@link #NEEDED_FIELDS} field absent fails, as does a field two columns could
     * be (refused rather than guessed, since a version flag read from the wrong column, or not at
     * all, would list old versions as current).
     */
    public static java.util.Map<String, String> columns(List<String> names, String where) {
        java.util.Map<String, String> columns = new java.util.HashMap<>();
        List<String> fields = new ArrayList<>(NEEDED_FIELDS);
        fields.addAll(VERSION_FIELDS);
        for (String field : fields) {
            for (String name : names) {
                if (name.equalsIgnoreCase(field) && columns.putIfAbsent(field, name) != null) {
                    throw new IllegalArgumentException(where + " has two columns named " + field + " in different "
                            + "letter cases (" + columns.get(field) + ", " + name + "); is this an S3 Inventory?");
                }
            }
        }
        List<String> missing = NEEDED_FIELDS.stream().filter(field -> !columns.containsKey(field)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missingFields(where, missing));
        }
        return java.util.Map.copyOf(columns);
    }

    /**
     * Where a CSV data file holds each field a row needs, given {@link #csvColumns}: the indexes of
     * bucket, key, is-latest, is-delete-marker, size, last-modified date and ETag (-1 when absent).
     */
    public static int[] csvFieldIndexes(List<String> columns) {
        return new int[] {columns.indexOf("bucket"), columns.indexOf("key"), columns.indexOf("islatest"),
                columns.indexOf("isdeletemarker"), columns.indexOf("size"), columns.indexOf("lastmodifieddate"),
                columns.indexOf("etag")};
    }

    /** The message for an inventory without fields a sweep needs. */
    public static String missingFields(String where, List<String> fields) {
        return where + " lacks the field(s) " + String.join(", ", fields) + ": a sweep compares size, last-modified "
                + "date and ETag with the object before acting; add them to the inventory configuration's "
                + "optional fields and use the next inventory";
    }

    /**
     * A CSV inventory's key, URL-encoded by S3 (a space as {@code +}, a {@code +} as {@code %2B}),
     * decoded. Bytes that are no UTF-8 ({@code %FF}) fail (IllegalArgumentException) rather than
     * turn into U+FFFD: S3 keys are UTF-8, so such a key is damage, and a key decoded to another
     * name must never be listed.
     */
    public static String csvKey(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        if (!encoded.chars().allMatch(c -> c < 0x80)) {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8); // not encoded the way S3 encodes: as given
        }
        // Percent-decoded to bytes one char each, then read as UTF-8 that must be well formed.
        byte[] bytes = URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the key '" + encoded + "' does not decode to UTF-8; S3 keys are UTF-8");
        }
    }

    /**
     * A CSV inventory's time. S3 writes {@code 2026-11-25T01:02:03.000Z}: read by hand, as parsing it
     * with {@link Instant#parse} took most of a row's time; anything else goes to {@link Instant#parse}.
     */
    public static Instant csvTime(String t) {
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
                long days = LocalDate.of(year, month, day).toEpochDay();
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
}
