package dev.mediagc.s3.inventory;

import java.time.Instant;

/**
 * One row of an inventory: a version of an object (or a delete marker) in the source bucket.
 * {@code key} is the full bucket key, decoded. {@code latest} and {@code deleteMarker} are null
 * when the inventory lists current versions only (it then has no such fields).
 */
record InventoryRow(String bucket, String key, Boolean latest, Boolean deleteMarker, Long size, Instant lastModified,
                    String eTag) {

    /** Whether the row is an object as a listing would show it now: the current version, not a delete marker. */
    boolean isCurrentObject() {
        return !Boolean.FALSE.equals(latest) && !Boolean.TRUE.equals(deleteMarker);
    }
}
