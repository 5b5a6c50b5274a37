package dev.mediagc.s3.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 Inventory's {@code manifest.json}, as Amazon S3 documents it: the source bucket, the
 * format and schema of the data files, when the inventory was made ({@code creationTimestamp},
 * milliseconds since the epoch, when S3 began scanning the bucket) and the data files with their
 * size and MD5.
 */
public record InventoryManifest(String sourceBucket, String destinationBucket, InventoryFormat fileFormat,
                                String fileSchema, Instant creationTime, List<DataFile> files) {

    /** One data file of the inventory: its key in the destination bucket, size and MD5 (hex; null when not given). */
    public record DataFile(String key, long size, String md5) {
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
