package dev.mediagc.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import dev.mediagc.s3.inventory.InventoryFormat;
import dev.mediagc.s3.inventory.InventoryManifest;
import dev.mediagc.s3.inventory.InventoryObjects;
import dev.mediagc.s3.inventory.InventoryRow;
import dev.mediagc.spi.StoredObject;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The objects of an S3 store read from an S3 Inventory instead of listed: the {@code manifest.json}
 * ({@code s3a://…}, or a local path or {@code file:} URI to a copy) read on the driver through
 * Hadoop's file system, so the cluster's S3A settings and credentials are the only ones; its
 * {@code manifest.checksum}, when beside it, checked. In the executors every data file is first
 * checked against the manifest's size and MD5, then read with Spark's own readers (CSV with the
 * manifest's {@code fileSchema} as column names, ORC, Parquet), and each row turned into an object by
 * {@link InventoryObjects}, the rules the one-machine {@code mediagc sweep --inventory} follows: current
 * versions only, under the store's prefix and relative to it, nothing of {@code .mediagc/}, the time to
 * the second, the ETag quoted as a HEAD reports it. Nested stores (folders holding a {@code .mediagc}
 * entry, at any depth) are found by a distributed pass that collects their folders (a handful) before
 * the objects are read again without them. A missing or damaged data file, a row of another bucket or
 * a malformed file fails the job: never a partial listing.
 *
 * <p>The grace period counts from the inventory's date ({@link #listedAsOf}), and the plan names the
 * store as {@code S3Store} does, {@code s3://bucket/prefix/}, so {@code mediagc apply --store s3://…}
 * accepts it and re-verifies every candidate against the live bucket.
 */
final class InventoryListing implements ObjectListing, Serializable {

    private static final long serialVersionUID = 1L;
    /** The column holding each row's data file, for messages. */
    private static final String FILE = "_mediagc_inventory_file";
    /** The rows as {@link InventoryObjects} turned them: an object, and the nested store its key shows, if any. */
    private static final StructType CONVERTED = ObjectListing.SCHEMA.add("nested", DataTypes.StringType, true);

    private final transient SparkSession spark;
    private final String where;
    private final InventoryFormat format;
    private final List<String> csvColumns;
    private final List<DataFileCheck> files;
    private final InventoryObjects rules;
    private final Instant listedAsOf;
    private final String storeLocation;

    private InventoryListing(SparkSession spark, String where, InventoryManifest manifest, List<DataFileCheck> files,
                             InventoryObjects rules, String storeLocation) {
        this.spark = spark;
        this.where = where;
        this.format = manifest.fileFormat();
        this.csvColumns = format == InventoryFormat.CSV ? InventoryObjects.csvColumns(manifest.fileSchema(), where) : null;
        this.files = files;
        this.rules = rules;
        this.listedAsOf = manifest.creationTime();
        this.storeLocation = storeLocation;
    }

    /**
     * Opens the inventory at {@code inventory} (a manifest.json, or the folder holding one) of the
     * store {@code store} ({@code s3a://BUCKET/PREFIX}). Throws IllegalArgumentException with one line
     * saying what to do when the store is not an S3 one, there is no manifest or it is not one, its
     * checksum differs, a local data file is missing, or the inventory is of another bucket or older
     * than {@code maxAge} (null: any age) at {@code now}.
     */
    static InventoryListing open(SparkSession spark, String inventory, String store, String storeLocation,
                                 java.time.Duration maxAge, Instant now) {
        String scheme = new Path(store).toUri().getScheme();
        if (scheme == null || !List.of("s3a", "s3", "s3n").contains(scheme)) {
            throw new IllegalArgumentException("--inventory reads an S3 Inventory of an S3 bucket; name the store it lists "
                    + "with --store s3a://BUCKET/PREFIX, not " + store);
        }
        String location = HadoopListing.defaultLocation(store); // s3://bucket/prefix/, as S3Store names itself
        String bucketAndPrefix = location.substring("s3://".length());
        int slash = bucketAndPrefix.indexOf('/');
        InventoryObjects rules = new InventoryObjects(bucketAndPrefix.substring(0, slash), bucketAndPrefix.substring(slash + 1));

        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path manifestPath = manifestPath(inventory, conf);
        String where = manifestPath.toString();
        InventoryManifest manifest;
        try {
            FileSystem fs = manifestPath.getFileSystem(conf);
            byte[] json;
            try (InputStream in = fs.open(manifestPath)) {
                json = in.readAllBytes();
            }
            Path checksum = new Path(manifestPath.getParent(), "manifest.checksum");
            if (fs.exists(checksum)) {
                try (InputStream in = fs.open(checksum)) {
                    InventoryManifest.checkChecksum(json, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                            where);
                }
            }
            manifest = InventoryManifest.parse(json, where);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the inventory manifest " + where + ": " + e.getMessage(), e);
        }
        rules.accept(manifest, where, maxAge, now);
        List<DataFileCheck> files = new ArrayList<>();
        for (InventoryManifest.DataFile file : manifest.files()) {
            files.add(new DataFileCheck(dataFile(manifestPath, file.key()), file));
        }
        return new InventoryListing(spark, where, manifest, files, rules, storeLocation != null ? storeLocation : location);
    }

    /** The manifest: a path without a scheme is a local one (never the cluster's default file system); a folder holds it. */
    private static Path manifestPath(String inventory, Configuration conf) {
        Path path = new Path(inventory);
        if (path.toUri().getScheme() == null) {
            path = new Path(java.nio.file.Path.of(inventory).toAbsolutePath().toUri());
        }
        try {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                path = new Path(path, "manifest.json");
                fs.getFileStatus(path);
            }
            return path;
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("no inventory manifest at " + path + "; give the manifest.json of one "
                    + "inventory (…/YYYY-MM-DDTHH-MMZ/manifest.json)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the inventory manifest " + path + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Where a data file is: beside a local copy as the one-machine reading finds it
     * ({@link InventoryManifest#localDataFile}); on S3 (or another file system) its key in the
     * manifest's bucket.
     */
    private static String dataFile(Path manifest, String key) {
        URI uri = manifest.toUri();
        if ("file".equals(uri.getScheme())) {
            try {
                return InventoryManifest.localDataFile(java.nio.file.Path.of(uri).getParent(), key).toUri().toString();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("inventory data file " + key + " is missing: " + e.getReason()
                        + "; the inventory is incomplete");
            }
        }
        return new Path(uri.getScheme() + "://" + uri.getAuthority() + "/" + key).toString();
    }

    @Override
    public Instant listedAsOf() {
        return listedAsOf;
    }

    @Override
    public String storeLocation() {
        return storeLocation;
    }

    /**
     * Checks every data file (in the executors), finds the nested stores (a distributed pass, its
     * result a handful of folders), and returns the objects outside them, read lazily.
     */
    @Override
    public Dataset<Row> objects() {
        checkFiles();
        Dataset<Row> rows = converted();
        Set<String> nested = new TreeSet<>();
        for (Row row : rows.filter(col("nested").isNotNull()).select("nested").distinct().collectAsList()) {
            nested.add(row.getString(0));
        }
        Set<String> outermost = new TreeSet<>(InventoryObjects.outermost(nested));
        return rows.filter((FilterFunction<Row>) row -> InventoryObjects.listed(row.getString(0), outermost))
                .select("key", "size", "modified", "version");
    }

    /**
     * The data files' sizes and MD5s checked again once every read is done: a file replaced between
     * the first check and a read (the nested-store pass, the objects, a recomputed partition) fails
     * the job instead of feeding it rows nobody checked. Inventory files are written once, so this
     * costs one more read of them and is otherwise never seen.
     */
    @Override
    public void checkUnchanged() {
        checkFiles();
    }

    private void checkFiles() {
        Map<String, String> conf = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> conf.put(e.getKey(), e.getValue()));
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(files.size(), context.defaultParallelism() * 4));
        if (!files.isEmpty()) {
            context.parallelize(files, slices).foreach(file -> file.check(conf));
        }
    }

    /**
     * Refuses a data file path Spark's readers would take as a pattern ({@code * ? [ ] { } \}): it
     * could match files other than the ones whose size and MD5 were checked.
     */
    static void requireLiteralPath(String path) {
        for (char c : new char[] {'*', '?', '[', ']', '{', '}', '\\'}) {
            if (path.indexOf(c) >= 0) {
                throw new IllegalArgumentException("the inventory data file " + path + " has '" + c + "' in its path, which "
                        + "Spark's readers take as a pattern; copy the inventory to a folder without * ? [ ] { } \\ and "
                        + "give that manifest");
            }
        }
    }

    /** Every row the store's listing would show (nested stores included), with the nested store its key names. */
    private Dataset<Row> converted() {
        List<String> paths = files.stream().map(DataFileCheck::path).toList();
        if (paths.isEmpty()) {
            return spark.createDataFrame(List.of(), CONVERTED);
        }
        paths.forEach(InventoryListing::requireLiteralPath);
        DataFrameReader reader = spark.read()
                // Whatever the cluster's defaults: a file that cannot be read fails the job, never is left out.
                .option("ignoreCorruptFiles", "false")
                .option("ignoreMissingFiles", "false");
        Dataset<Row> read;
        int[] csv = null;
        switch (format) {
            case CSV -> {
                StructType schema = new StructType();
                for (String column : csvColumns) {
                    schema = schema.add(column, DataTypes.StringType, true);
                }
                // Every column is used by the conversion, so Spark checks each line's field count (FAILFAST).
                read = reader.schema(schema).option("header", "false").option("mode", "FAILFAST")
                        .option("quote", "\"").option("escape", "\"").option("encoding", "UTF-8")
                        .csv(paths.toArray(String[]::new)).withColumn(FILE, input_file_name());
                csv = java.util.Arrays.copyOf(InventoryObjects.csvFieldIndexes(csvColumns), 8);
                csv[7] = csvColumns.size(); // the file name's column, added after the data's
            }
            case ORC -> read = typed(reader.orc(paths.toArray(String[]::new)), true);
            case PARQUET -> read = typed(reader.parquet(paths.toArray(String[]::new)), false);
            default -> throw new IllegalStateException("unknown inventory format " + format);
        }
        return read.mapPartitions(new Convert(rules, csv, format == InventoryFormat.ORC), Encoders.row(CONVERTED));
    }

    /**
     * ORC and Parquet columns, by the names S3 gives them, as one shape: the time in microseconds
     * since the epoch. S3 writes the time as an ORC {@code timestamp}, or a Parquet {@code int64}
     * in milliseconds; an ORC file with a plain number there is refused, as the one-machine reader
     * refuses it, since which zone correction it needs is unknown.
     */
    private Dataset<Row> typed(Dataset<Row> read, boolean orc) {
        StructType schema = read.schema();
        java.util.Map<String, String> columns = InventoryObjects.columns(List.of(schema.fieldNames()), where);
        DataType time = schema.apply(columns.get("last_modified_date")).dataType();
        Column modified = col(columns.get("last_modified_date"));
        Column micros;
        if (time.equals(DataTypes.TimestampType)) {
            micros = unix_micros(modified);
        } else if (time.equals(DataTypes.LongType) && !orc) {
            micros = modified.multiply(1000L); // milliseconds, as S3 writes them
        } else {
            throw new IllegalArgumentException(where + ": last_modified_date is " + time.simpleString()
                    + ", not " + (orc ? "an ORC timestamp" : "a timestamp") + "; is this an S3 Inventory?");
        }
        return read.select(col(columns.get("bucket")).cast("string"), col(columns.get("key")).cast("string"),
                optional(columns, "is_latest").cast("boolean"), optional(columns, "is_delete_marker").cast("boolean"),
                col(columns.get("size")).cast("long"), micros.as("micros"), col(columns.get("e_tag")).cast("string"),
                input_file_name().as(FILE));
    }

    /** A version flag's column, or null for every row when the inventory lists current versions only. */
    private static Column optional(java.util.Map<String, String> columns, String field) {
        return columns.containsKey(field) ? col(columns.get(field)) : lit(null);
    }

    /** In an executor: each row through {@link InventoryObjects}, the rows the store would not list left out. */
    private static final class Convert implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        private final InventoryObjects rules;
        /** For CSV: the indexes of bucket, key, is-latest, is-delete-marker, size, time, ETag, file; null for ORC and Parquet. */
        private final int[] csv;
        /**
         * ORC: S3 writes {@code last_modified_date} as a {@code timestamp}, a wall-clock time in UTC (the
         * one-machine reader reads it so), and Spark's ORC reader gives that wall-clock time in this JVM's
         * default time zone: turned back here, in the executor that read it.
         */
        private final boolean orcWallClock;

        Convert(InventoryObjects rules, int[] csv, boolean orcWallClock) {
            this.rules = rules;
            this.csv = csv;
            this.orcWallClock = orcWallClock;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                private Row next;

                @Override
                public boolean hasNext() {
                    while (next == null && rows.hasNext()) {
                        next = convert(rows.next());
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row row = next;
                    next = null;
                    return row;
                }
            };
        }

        private Row convert(Row row) {
            String file = csv == null ? row.getString(7) : row.getString(csv[7]);
            String where = "inventory data file " + file;
            try {
                InventoryRow inventoryRow = csv == null ? typed(row, orcWallClock) : csv(row);
                String key = rules.relativeKey(inventoryRow, where);
                if (key == null) {
                    // No object; but an empty .mediagc/ folder marker still makes its folder another store.
                    // Its row only names that store: lying inside it, it is never listed as an object.
                    String marked = rules.nestedStoreMarkedBy(inventoryRow, where);
                    return marked == null ? null
                            : RowFactory.create(marked + ".mediagc/", 0L, null, null, marked);
                }
                StoredObject object = InventoryObjects.object(key, inventoryRow);
                return RowFactory.create(object.key(), object.size(),
                        object.lastModified() == null ? null : object.lastModified().toString(), object.version(),
                        InventoryObjects.nestedStore(key));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalStateException(where + " has a row that cannot be read: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private InventoryRow csv(Row row) {
            return InventoryRow.ofCsv(text(row, csv[0]), text(row, csv[1]), text(row, csv[2]), text(row, csv[3]),
                    text(row, csv[4]), text(row, csv[5]), text(row, csv[6]));
        }

        /** A CSV field as the one-machine reader sees it: an empty field is empty text. */
        private static String text(Row row, int index) {
            return index < 0 ? null : row.isNullAt(index) ? "" : row.getString(index);
        }

        private static InventoryRow typed(Row row, boolean orcWallClock) {
            Instant time = null;
            if (!row.isNullAt(5)) {
                long micros = row.getLong(5);
                time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
                if (orcWallClock) {
                    time = LocalDateTime.ofInstant(time, ZoneId.systemDefault()).toInstant(ZoneOffset.UTC);
                }
            }
            return new InventoryRow(row.getString(0), row.getString(1), row.isNullAt(2) ? null : row.getBoolean(2),
                    row.isNullAt(3) ? null : row.getBoolean(3), row.isNullAt(4) ? null : row.getLong(4), time,
                    row.getString(6));
        }
    }

    /** A data file and what the manifest says of it, checked in an executor before any of its rows is used. */
    record DataFileCheck(String path, InventoryManifest.DataFile file) implements Serializable {

        void check(Map<String, String> hadoopConf) throws IOException {
            Configuration conf = new Configuration(false);
            hadoopConf.forEach(conf::set);
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(p);
            } catch (FileNotFoundException e) {
                // No cause: the job's message is its failure's innermost one, and this one says what happened.
                throw new IOException("inventory data file " + path + " is missing; the inventory is incomplete");
            }
            try (InputStream in = fs.open(p)) {
                file.check(status.getLen(), in, path);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
