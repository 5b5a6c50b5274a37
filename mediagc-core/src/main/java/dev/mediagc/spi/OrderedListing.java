package dev.mediagc.spi;

import java.io.IOException;
import java.util.List;

/**
 * An optional ability of a store: listing a stretch of its keys in {@link KeyOrder}, from any
 * point, without listing the rest. Discovery uses it to sample a big store
 * ({@code --sample-objects}). What is listed follows the rules of {@link ObjectStore#list} (regular
 * objects only, never mediagc's own area), except that a store may include the objects of another
 * store nested below it where telling them apart would need the folder's whole listing (S3, Cloud
 * Storage, Azure):
 * callers only read names, and never act on what this lists.
 */
public interface OrderedListing {

    /**
     * Up to {@code limit} keys that come after {@code startAfter} ({@code null}: from the first
     * key), in key order, with none left out between the first and the last returned. Fewer than
     * {@code limit} means no key comes after the last one returned.
     */
    List<String> keysAfter(String startAfter, int limit) throws IOException;

    /**
     * Up to {@code limit} entries directly in {@code folder} ({@code ""} for the root, else a key
     * prefix ending with {@code /}), in key order: an object as its name, a folder as its name
     * followed by {@code /}. For choosing where to start a stretch, so it may be approximate.
     */
    List<String> entries(String folder, int limit) throws IOException;
}
