package dev.mediagc.s3.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An S3 Inventory's {@code manifest.json}, as Amazon S3 documents it: the source bucket, the
 * format and schema of the data files, when the inventory was made ({@code creationTimestamp},
 * milliseconds since the epoch, when S3 began scanning the bucket) and the data files with their
 * size and MD5.
 */
public record InventoryManifest(String sourceBucket, String destinationBucket, InventoryFormat fileFormat,
                                String fileSchema, Instant creationTime, List<DataFile> files) {

    /** One data file of the inventory: its key in the destination bucket, size (-1 when not given) and MD5 (hex; null when not given). */
    public record DataFile(String key, long size, String md5) implements java.io.Serializable {

        /**
         * Fails unless the file, {@code actualSize} bytes long and read from {@code content} to its end,
         * has the size and MD5 the manifest gives; {@code where} names it in the message. A file that
         * differs is damaged or incomplete, and none of its rows may be used.
         */
        public void check(long actualSize, InputStream content, String where) throws IOException {
            if (size >= 0 && actualSize != size) {
                throw new IOException("inventory data file " + where + " has " + actualSize + " bytes where the manifest says "
                        + size + "; the inventory is damaged or incomplete");
            }
            if (md5 == null) {
                return;
            }
            MessageDigest digest = InventoryManifest.md5();
            try (InputStream in = new DigestInputStream(content, digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(md5)) {
                throw new IOException("inventory data file " + where + " has MD5 " + actual + " where the manifest says "
                        + md5 + "; the inventory is damaged");
            }
        }
    }

    /**
     * Refuses a manifest whose MD5 is not the one its {@code manifest.checksum} gives: a damaged
     * manifest could name fewer data files, and so hide objects without a word.
     */
    public static void checkChecksum(byte[] json, String checksum, String where) {
        String actual = HexFormat.of().formatHex(md5().digest(json));
        if (!actual.equalsIgnoreCase(checksum.strip())) {
            throw new IllegalArgumentException(where + " has MD5 " + actual + " where its manifest.checksum says '"
                    + checksum.strip() + "'; the inventory is damaged or was copied while being written");
        }
    }

    /**
     * Where a data file of a local copy is: its key under the folder the destination bucket was
     * copied to (an ancestor of the manifest's folder), or, for a copy of the inventory's own folder,
     * {@code data/NAME} beside the manifest's folder as S3 lays it out.
     */
    public static Path localDataFile(Path manifestFolder, String key) throws NoSuchFileException {
        for (Path folder = manifestFolder; folder != null; folder = folder.getParent()) {
            Path candidate = folder.resolve(key).normalize();
            if (candidate.startsWith(folder) && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        Path parent = manifestFolder.getParent();
        if (parent != null && Files.isRegularFile(parent.resolve("data").resolve(name))) {
            return parent.resolve("data").resolve(name);
        }
        throw new NoSuchFileException(key, null, "a data file the inventory manifest lists is missing (looked for it "
                + "under the manifest's folder and its parents, and in data/ beside the manifest's folder)");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a manifest; {@code where} names it in messages. Anything missing or malformed is refused. */
    public static InventoryManifest parse(byte[] json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not JSON (" + firstLine(e.getMessage())
                    + "); --inventory takes an S3 Inventory's manifest.json");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + " is not an S3 Inventory manifest (no JSON object)");
        }
        String source = text(root, "sourceBucket", where);
        InventoryFormat format = InventoryFormat.parse(text(root, "fileFormat", where), where);
        String created = text(root, "creationTimestamp", where);
        Instant creation;
        try {
            creation = Instant.ofEpochMilli(Long.parseLong(created.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": creationTimestamp '" + created
                    + "' is not milliseconds since the epoch");
        }
        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isArray()) {
            throw new IllegalArgumentException(where + " has no \"files\" list; is this an S3 Inventory manifest.json?");
        }
        List<DataFile> files = new ArrayList<>();
        for (JsonNode file : filesNode) {
            String key = text(file, "key", where + " files[" + files.size() + "]");
            JsonNode size = file.get("size");
            JsonNode md5 = file.get("MD5checksum");
            files.add(new DataFile(key, size == null || !size.canConvertToLong() ? -1 : size.asLong(),
                    md5 == null || md5.isNull() || md5.asText().isBlank() ? null : md5.asText().trim()));
        }
        JsonNode schema = root.get("fileSchema");
        JsonNode destination = root.get("destinationBucket");
        return new InventoryManifest(source, destination == null ? null : destination.asText(), format,
                schema == null ? null : schema.asText(), creation, List.copyOf(files));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + " has no \"" + field + "\"; is this an S3 Inventory manifest.json?");
        }
        return value.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
