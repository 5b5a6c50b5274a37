package dev.mediagc.cli;

import dev.mediagc.testing.SmallApp;
import org.jclouds.blobstore.BlobStore;

/** A {@link SmallApp}'s files as objects of bucket {@code uploads} under {@code media/}, the store the S3 command tests sweep. */
final class SmallAppInABucket {

    private SmallAppInABucket() {
    }

    static void upload(BlobStore blobs, SmallApp app) {
        blobs.createContainerInLocation(null, "uploads");
        for (String key : app.live) {
            blobs.putBlob("uploads", blobs.blobBuilder("media/" + key).payload("live").build());
        }
        for (String key : app.orphans) {
            blobs.putBlob("uploads", blobs.blobBuilder("media/" + key).payload("orphan").build());
        }
    }
}
