package dev.mediagc.s3.inventory;

import java.io.IOException;

/** Receives the rows of one inventory data file, in the file's order. */
@FunctionalInterface
interface RowConsumer {
    void row(InventoryRow row) throws IOException;
}
