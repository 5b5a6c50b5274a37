package dev.mediagc.s3.inventory;

import java.time.Instant;

/**
 * One row of an inventory, as its data file holds it: a version of an object (or a delete marker)
 * in the source bucket. {@code key} is the full bucket key, decoded. {@code latest} and
 * {@code deleteMarker} are null when the inventory lists current versions only (it then has no
 * such fields); any other field is null when the row leaves it empty. {@link InventoryObjects}
 * turns it into what the store's listing shows.
 */
public record InventoryRow(String bucket, String key, Boolean latest, Boolean deleteMarker, Long size,
                           Instant lastModified, String eTag) {

    /**
     * A row of a CSV inventory from its text fields (an empty field: absent): the key URL-decoded
     * ({@link InventoryObjects#csvKey}), the time read as S3 writes it ({@link InventoryObjects#csvTime}),
     * the flags {@code true} or {@code false}. Throws IllegalArgumentException (or
     * DateTimeParseException) for a value that is none of these.
     */
    public static InventoryRow ofCsv(String bucket, String key, String latest, String deleteMarker, String size,
                                     String lastModified, String eTag) {
        return new InventoryRow(bucket, key == null ? null : InventoryObjects.csvKey(key), bool(latest), bool(deleteMarker),
                empty(size) ? null : Long.valueOf(size), empty(lastModified) ? null : InventoryObjects.csvTime(lastModified),
                empty(eTag) ? null : eTag);
    }

    private static boolean empty(String field) {
        return field == null || field.isEmpty();
    }

    private static Boolean bool(String value) {
        if (empty(value)) {
            return null;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("'" + value + "' is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }
}
