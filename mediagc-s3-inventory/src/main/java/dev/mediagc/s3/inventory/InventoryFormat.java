package dev.mediagc.s3.inventory;

import java.util.Locale;

/** The file formats S3 Inventory writes its data files in, as a manifest's {@code fileFormat} names them. */
public enum InventoryFormat {
    /** Gzip-compressed CSV, every field quoted, no header; the object key is URL-encoded. */
    CSV,
    /** Apache ORC. */
    ORC,
    /** Apache Parquet. */
    PARQUET;

    static InventoryFormat parse(String text, String where) {
        try {
            return valueOf(String.valueOf(text).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": fileFormat '" + text + "' is not one S3 Inventory writes "
                    + "(CSV, ORC or Parquet); is this an S3 Inventory manifest.json?");
        }
    }
}
