package dev.mediagc.s3.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes S3 Inventories as Amazon S3 documents them, for tests: data files (gzip CSV with every
 * field quoted and the key URL-encoded, space as {@code +}; ORC; Parquet) under
 * {@code DEST-PREFIX/SOURCE/CONFIG/data/}, and {@code DEST-PREFIX/SOURCE/CONFIG/YYYY-MM-DDTHH-MMZ/manifest.json}
 * naming them with size and MD5, laid out in a folder that stands for the destination bucket.
 */
public final class InventoryFixture {

    /** One inventory row. */
    public record Row(String bucket, String key, String versionId, Boolean latest, Boolean deleteMarker, Long size,
                      Instant lastModified, String eTag) {

        /** The current version of an object as a live listing shows it (ETag without its quotes, as S3 Inventory writes it). */
        public static Row of(String bucket, S3Object o) {
            return new Row(bucket, o.key(), null, true, false, o.size(), o.lastModified(), o.eTag().replace("\"", ""));
        }

        public Row notLatest() {
            return new Row(bucket, key, "old-version", false, false, size, lastModified, "0123456789abcdef0123456789abcdef");
        }

        public Row asDeleteMarker() {
            return new Row(bucket, key, "marker", true, true, null, lastModified, null);
        }
    }

    static final String CSV_SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass";
    static final String ORC_SCHEMA = "struct<bucket:string,key:string,version_id:string,is_latest:boolean,"
            + "is_delete_marker:boolean,size:bigint,last_modified_date:timestamp,e_tag:string,storage_class:string>";
    static final String PARQUET_SCHEMA = "message s3.inventory { required binary bucket (STRING); required binary key (STRING); "
            + "optional binary version_id (STRING); optional boolean is_latest; optional boolean is_delete_marker; "
            + "optional int64 size; optional int64 last_modified_date (TIMESTAMP(MILLIS,true)); optional binary e_tag (STRING); "
            + "optional binary storage_class (STRING); }";
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where the written inventory is: the manifest, and every file's key in the destination bucket. */
    public record Written(Path root, String manifestKey, String checksumKey, List<String> dataKeys) {
        public Path manifest() {
            return root.resolve(manifestKey);
        }

        public Path dataFile(int i) {
            return root.resolve(dataKeys.get(i));
        }

        /** Uploads the inventory, as laid out here, into {@code bucket}; returns the manifest's s3:// URL. */
        public String uploadTo(S3Client s3, String bucket) throws IOException {
            List<String> all = new ArrayList<>(dataKeys);
            all.add(checksumKey);
            all.add(manifestKey);
            for (String key : all) {
                byte[] content = Files.readAllBytes(root.resolve(key));
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
            }
            return "s3://" + bucket + "/" + manifestKey;
        }

    }

    private InventoryFixture() {
    }

    /** Every current object of {@code bucket}, as S3 Inventory would list it now. */
    public static List<Row> rowsOf(S3Client s3, String bucket) {
        List<Row> rows = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket))) {
            for (S3Object o : page.contents()) {
                rows.add(Row.of(bucket, o));
            }
        }
        return rows;
    }

    /**
     * Writes an inventory of {@code sourceBucket} made at {@code created}, the rows spread over
     * {@code fileCount} data files (in the order given: not sorted across files), under {@code root}.
     */
    public static Written write(Path root, String sourceBucket, InventoryFormat format, Instant created, List<Row> rows,
                                int fileCount) throws IOException {
        return write(root, sourceBucket, format, created, rows, fileCount, Shape.AS_S3_WRITES);
    }

    /** How the ORC and Parquet files are laid out: as S3 writes them, or as another tool may. */
    public enum Shape {
        AS_S3_WRITES,
        /** The version flags named {@code IS_LATEST} and {@code Is_Delete_Marker} (names match ignoring case, as Spark resolves them). */
        FLAGS_IN_OTHER_CASE,
        /** {@code last_modified_date} a plain 64-bit number of milliseconds: an ORC {@code bigint}, a Parquet {@code int64} without a timestamp annotation. */
        TIME_AS_NUMBER
    }

    /** As {@link #write(Path, String, InventoryFormat, Instant, List, int)}, the ORC and Parquet files in {@code shape}. */
    public static Written write(Path root, String sourceBucket, InventoryFormat format, Instant created, List<Row> rows,
                                int fileCount, Shape shape) throws IOException {
        String base = "inventories/" + sourceBucket + "/daily";
        String extension = switch (format) {
            case CSV -> ".csv.gz";
            case ORC -> ".orc";
            case PARQUET -> ".parquet";
        };
        ObjectMapper json = new ObjectMapper();
        ArrayNode files = json.createArrayNode();
        List<String> keys = new ArrayList<>();
        for (int f = 0; f < fileCount; f++) {
            List<Row> part = new ArrayList<>();
            for (int i = f; i < rows.size(); i += fileCount) {
                part.add(rows.get(i));
            }
            String key = base + "/data/" + java.util.UUID.randomUUID() + extension;
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            switch (format) {
                case CSV -> writeCsv(file, part);
                case ORC -> writeOrc(file, part, shape);
                case PARQUET -> writeParquet(file, part, shape);
            }
            ObjectNode entry = files.addObject();
            entry.put("key", key);
            entry.put("size", Files.size(file));
            entry.put("MD5checksum", md5(file));
            keys.add(key);
        }
        ObjectNode manifest = json.createObjectNode();
        manifest.put("sourceBucket", sourceBucket);
        manifest.put("destinationBucket", "arn:aws:s3:::inventory-destination");
        manifest.put("version", "2016-11-30");
        manifest.put("creationTimestamp", String.valueOf(created.toEpochMilli()));
        manifest.put("fileFormat", switch (format) {
            case CSV -> "CSV";
            case ORC -> "ORC";
            case PARQUET -> "Parquet";
        });
        manifest.put("fileSchema", switch (format) {
            case CSV -> CSV_SCHEMA;
            case ORC -> schema(ORC_SCHEMA, shape);
            case PARQUET -> schema(PARQUET_SCHEMA, shape);
        });
        manifest.set("files", files);
        String manifestKey = base + "/" + FOLDER_TIME.format(created) + "/manifest.json";
        Files.createDirectories(root.resolve(manifestKey).getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(root.resolve(manifestKey).toFile(), manifest);
        String checksumKey = manifestKey.replace("manifest.json", "manifest.checksum");
        Files.writeString(root.resolve(checksumKey), md5(root.resolve(manifestKey)));
        return new Written(root, manifestKey, checksumKey, keys);
    }

    static String md5(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeCsv(Path file, List<Row> rows) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (Row r : rows) {
                List<String> fields = List.of(r.bucket(), URLEncoder.encode(r.key(), StandardCharsets.UTF_8),
                        text(r.versionId()), text(r.latest()), text(r.deleteMarker()), text(r.size()),
                        r.lastModified() == null ? "" : CSV_TIME.format(r.lastModified()), text(r.eTag()), "STANDARD");
                List<String> quoted = new ArrayList<>();
                for (String field : fields) {
                    quoted.add("\"" + field.replace("\"", "\"\"") + "\"");
                }
                w.write(String.join(",", quoted));
                w.write("\n");
            }
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** The schema (or a column name) in {@code shape}. */
    private static String schema(String schema, Shape shape) {
        return switch (shape) {
            case AS_S3_WRITES -> schema;
            case FLAGS_IN_OTHER_CASE -> schema.replace("is_latest", "IS_LATEST").replace("is_delete_marker", "Is_Delete_Marker");
            case TIME_AS_NUMBER -> schema.replace("last_modified_date:timestamp", "last_modified_date:bigint")
                    .replace("int64 last_modified_date (TIMESTAMP(MILLIS,true))", "int64 last_modified_date");
        };
    }

    private static void writeOrc(Path file, List<Row> rows, Shape shape) throws IOException {
        TypeDescription schema = TypeDescription.fromString(schema(ORC_SCHEMA, shape));
        try (org.apache.orc.Writer writer = OrcFile.createWriter(new org.apache.hadoop.fs.Path(file.toUri()),
                OrcFile.writerOptions(new Configuration(false)).setSchema(schema).useUTCTimestamp(true))) {
            VectorizedRowBatch batch = schema.createRowBatch();
            for (Row r : rows) {
                int i = batch.size++;
                string(batch, 0, i, r.bucket());
                string(batch, 1, i, r.key());
                string(batch, 2, i, r.versionId());
                bool(batch, 3, i, r.latest());
                bool(batch, 4, i, r.deleteMarker());
                LongColumnVector size = (LongColumnVector) batch.cols[5];
                if (r.size() == null) {
                    size.noNulls = false;
                    size.isNull[i] = true;
                } else {
                    size.vector[i] = r.size();
                }
                if (r.lastModified() == null) {
                    batch.cols[6].noNulls = false;
                    batch.cols[6].isNull[i] = true;
                } else if (batch.cols[6] instanceof TimestampColumnVector time) {
                    time.set(i, java.sql.Timestamp.from(r.lastModified()));
                } else {
                    ((LongColumnVector) batch.cols[6]).vector[i] = r.lastModified().toEpochMilli();
                }
                string(batch, 7, i, r.eTag());
                string(batch, 8, i, "STANDARD");
                if (batch.size == batch.getMaxSize()) {
                    writer.addRowBatch(batch);
                    batch.reset();
                }
            }
            if (batch.size > 0) {
                writer.addRowBatch(batch);
            }
        }
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc")); // Hadoop's local checksum file
    }

    private static void string(VectorizedRowBatch batch, int column, int row, String value) {
        BytesColumnVector v = (BytesColumnVector) batch.cols[column];
        if (value == null) {
            v.noNulls = false;
            v.isNull[row] = true;
        } else {
            v.setVal(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void bool(VectorizedRowBatch batch, int column, int row, Boolean value) {
        LongColumnVector v = (LongColumnVector) batch.cols[column];
        if (value == null) {
            v.noNulls = false;
            v.isNull[row] = true;
        } else {
            v.vector[row] = value ? 1 : 0;
        }
    }

    private static void writeParquet(Path file, List<Row> rows, Shape shape) throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(schema(PARQUET_SCHEMA, shape));
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            for (Row r : rows) {
                Group g = groups.newGroup().append("bucket", r.bucket()).append("key", r.key());
                if (r.versionId() != null) {
                    g.append("version_id", r.versionId());
                }
                if (r.latest() != null) {
                    g.append(schema("is_latest", shape), r.latest());
                }
                if (r.deleteMarker() != null) {
                    g.append(schema("is_delete_marker", shape), r.deleteMarker());
                }
                if (r.size() != null) {
                    g.append("size", r.size());
                }
                if (r.lastModified() != null) {
                    g.append("last_modified_date", r.lastModified().toEpochMilli());
                }
                if (r.eTag() != null) {
                    g.append("e_tag", r.eTag());
                }
                g.append("storage_class", "STANDARD");
                writer.write(g);
            }
        }
    }
}
