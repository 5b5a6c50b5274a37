package dev.mediagc.spark;

import org.apache.spark.sql.SparkSession;

/** Objects from an S3 Inventory report instead of a listing. */
final class InventoryListing {

    private InventoryListing() {
    }

    static ObjectListing read(SparkSession spark, String manifest, String store, String storeLocation)
            throws SparkPlanException {
        throw new SparkPlanException("--inventory is not supported yet", null);
    }
}
