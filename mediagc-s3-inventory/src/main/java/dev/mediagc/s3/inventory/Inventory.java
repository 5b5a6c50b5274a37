package dev.mediagc.s3.inventory;

import dev.mediagc.s3.S3Clients;
import dev.mediagc.s3.S3Settings;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One S3 Inventory, found by its {@code manifest.json}: on S3 ({@code s3://BUCKET/KEY/manifest.json},
 * read with the store's S3 settings and credentials) or on local disk (a copy of the destination
 * bucket, or of the inventory's folder). Its data files are fetched one by one, checked against the
 * manifest's size and MD5, and read in the manifest's format; a file that is missing, differs or
 * cannot be read fails the whole reading, never just leaves its rows out. The manifest itself is
 * checked against its {@code manifest.checksum} when that is beside it.
 */
public final class Inventory implements Closeable {

    private final String location;
    private final InventoryManifest manifest;
    private final DataFiles files;

    /** Where the data files come from. */
    private interface DataFiles extends Closeable {
        /** The data file as a local file with its content checked; {@code temp} is a folder for a download. */
        Path fetch(InventoryManifest.DataFile file, Path temp) throws IOException;

        @Override
        default void close() {
        }
    }

    private Inventory(String location, InventoryManifest manifest, DataFiles files) {
        this.location = location;
        this.manifest = manifest;
        this.files = files;
        if (manifest.fileFormat() == InventoryFormat.CSV) {
            CsvRows.forSchema(manifest.fileSchema(), location); // refuses a schema without the needed fields now
        }
    }

    /**
     * Opens the inventory whose manifest is at {@code location}: an {@code s3://} URL, or a local
     * path (a manifest.json, or a folder holding one). {@code s3Options} are the S3 store's options
     * (endpoint, region, path style). Throws IllegalArgumentException, saying what to do, when
     * there is no manifest there or it is not one.
     */
    public static Inventory open(String location, Map<String, String> s3Options) {
        if (location.startsWith("s3://")) {
            return openOnS3(location, S3Settings.from(s3Options));
        }
        return openLocal(Path.of(location));
    }

    /** The inventory at {@code location}, read with a client the caller owns (and closes). */
    public static Inventory openOnS3(String location, S3Client client) {
        return onS3(location, client, false);
    }

    private static Inventory openOnS3(String location, S3Settings settings) {
        S3Client client = S3Clients.build(settings);
        try {
            return onS3(location, client, true);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static Inventory onS3(String location, S3Client s3, boolean ownsClient) {
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("--inventory " + location + " names no object; give the manifest.json of "
                    + "one inventory, e.g. s3://BUCKET/PREFIX/SOURCE-BUCKET/CONFIG/2026-11-25T01-00Z/manifest.json");
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        if (key.endsWith("/")) {
            key = key + "manifest.json";
        }
        String manifestKey = key;
        byte[] json;
        try {
            json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("no inventory manifest at s3://" + bucket + "/" + manifestKey
                    + "; give the manifest.json of one inventory (…/YYYY-MM-DDTHH-MMZ/manifest.json)");
        } catch (SdkException e) {
            throw new IllegalArgumentException("cannot read the inventory manifest s3://" + bucket + "/" + manifestKey
                    + ": " + describe(e));
        }
        String where = "s3://" + bucket + "/" + manifestKey;
        String checksumKey = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) + "manifest.checksum";
        try {
            checkManifest(json, s3.getObjectAsBytes(b -> b.bucket(bucket).key(checksumKey)).asUtf8String(), where);
        } catch (NoSuchKeyException e) {
            // a copy without its manifest.checksum: the data files' own MD5s still hold
        } catch (SdkException e) {
            throw new IllegalArgumentException("cannot read s3://" + bucket + "/" + checksumKey + ": " + describe(e));
        }
        InventoryManifest manifest = InventoryManifest.parse(json, where);
        return new Inventory(where, manifest, new DataFiles() {
            @Override
            public Path fetch(InventoryManifest.DataFile file, Path temp) throws IOException {
                Path local = Files.createTempFile(temp, "inventory-", ".part");
                Files.delete(local); // the SDK writes a new file
                try {
                    s3.getObject(b -> b.bucket(bucket).key(file.key()), ResponseTransformer.toFile(local));
                } catch (NoSuchKeyException e) {
                    throw new NoSuchFileException("s3://" + bucket + "/" + file.key(), null,
                            "a data file the inventory manifest lists is missing");
                } catch (SdkException e) {
                    throw new IOException("cannot read the inventory data file s3://" + bucket + "/" + file.key() + ": "
                            + describe(e), e);
                }
                check(local, file, "s3://" + bucket + "/" + file.key());
                return local;
            }

            @Override
            public void close() {
                if (ownsClient) {
                    s3.close();
                }
            }
        });
    }

    private static Inventory openLocal(Path path) {
        Path manifestFile = Files.isDirectory(path) ? path.resolve("manifest.json") : path;
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("no inventory manifest at " + manifestFile + "; give the manifest.json of "
                    + "one inventory (…/YYYY-MM-DDTHH-MMZ/manifest.json) or an s3:// URL to it");
        }
        byte[] json;
        try {
            json = Files.readAllBytes(manifestFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the inventory manifest " + manifestFile + ": " + e.getMessage());
        }
        Path folder = manifestFile.toAbsolutePath().getParent();
        Path checksum = folder.resolve("manifest.checksum");
        if (Files.isRegularFile(checksum)) {
            try {
                checkManifest(json, Files.readString(checksum), manifestFile.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + checksum + ": " + e.getMessage());
            }
        }
        InventoryManifest manifest = InventoryManifest.parse(json, manifestFile.toString());
        return new Inventory(manifestFile.toString(), manifest, (file, temp) -> {
            Path local = localDataFile(folder, file.key());
            check(local, file, local.toString());
            return local;
        });
    }

    private static Path localDataFile(Path manifestFolder, String key) throws NoSuchFileException {
        return InventoryManifest.localDataFile(manifestFolder, key);
    }

    private static void checkManifest(byte[] json, String checksum, String where) {
        InventoryManifest.checkChecksum(json, checksum, where);
    }

    /** Fails unless {@code local} has the size and MD5 the manifest gives for {@code file}. */
    private static void check(Path local, InventoryManifest.DataFile file, String where) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            file.check(Files.size(local), in, where);
        }
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (s3.statusCode() == 403) {
                return "access denied (" + (code == null ? 403 : code) + "); the credentials need s3:GetObject on the "
                        + "inventory's destination bucket";
            }
            return "answered " + s3.statusCode() + (code == null ? "" : " " + code);
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Where the manifest is, for messages. */
    public String location() {
        return location;
    }

    public InventoryManifest manifest() {
        return manifest;
    }

    /** The data file checked and local (downloaded into {@code temp} when it is on S3). */
    Path fetch(InventoryManifest.DataFile file, Path temp) throws IOException {
        return files.fetch(file, temp);
    }

    /** Reads every row of a fetched data file, in the manifest's format. */
    void rows(Path local, InventoryManifest.DataFile file, RowConsumer rows) throws IOException {
        String name = file.key();
        switch (manifest.fileFormat()) {
            case CSV -> CsvRows.forSchema(manifest.fileSchema(), location).read(local, name, rows);
            case ORC -> OrcRows.read(local, name, rows);
            case PARQUET -> ParquetRows.read(local, name, rows);
            default -> throw new UncheckedIOException(new IOException("unknown format " + manifest.fileFormat()));
        }
    }

    @Override
    public void close() {
        files.close();
    }
}
