package dev.mediagc.spark;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lists a store through a Hadoop file system ({@code file:}, {@code s3a://}, {@code abfs://},
 * {@code gs://}): the driver lists the root, and the executors walk its folders, one task per
 * top-level folder. Like core's stores it never reports the root's {@code .mediagc/} nor a folder
 * below the root that holds a {@code .mediagc} entry (another store), nor follows a link.
 *
 * <p>A {@code file:} store's top-level folders are listed by core's own {@link LocalStore}, one
 * rooted at each folder (its files at the root by {@link LocalStore#stat}): the same keys, links
 * and nested stores skipped the same way, the same time (the later of modification and status
 * change) and version (device, inode, time, size) {@code mediagc apply} re-reads, so a file it
 * finds unchanged is acted on. Other file systems are walked with Hadoop's {@code listStatus} and
 * give the size, the time to the second and, where the connector reports it ({@link EtagSource}:
 * S3A, ABFS), the ETag quoted as the service sends it; without a version, {@code apply} compares
 * size and time.
 */
final class HadoopListing implements ObjectListing, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String STATE = LocalStore.STATE_FOLDER;

    private final transient SparkSession spark;
    private final String root;
    private final Map<String, String> hadoopConf;
    private final Instant listedAsOf;
    private final String storeLocation;
    /** The local store's {@code age-from-mtime}: ages from the modification time alone. */
    private final boolean ageFromMtime;
    /** Walk a {@code file:} store with Hadoop's listStatus as remote ones are (tests of that walk). */
    private boolean hadoopWalkEverywhere;

    HadoopListing(SparkSession spark, String root, Instant listedAsOf, String storeLocation, boolean ageFromMtime) {
        this.ageFromMtime = ageFromMtime;
        this.spark = spark;
        this.root = root.endsWith("/") && root.length() > 1 && !root.endsWith(":/") ? root.substring(0, root.length() - 1) : root;
        Map<String, String> conf = new HashMap<>();
        spark.sparkContext().hadoopConfiguration().forEach(e -> conf.put(e.getKey(), e.getValue()));
        this.hadoopConf = conf;
        this.listedAsOf = listedAsOf;
        this.storeLocation = storeLocation != null ? storeLocation : defaultLocation(this.root);
    }

    /**
     * What core's store for the same place calls itself ({@code ObjectStore.location()}), which
     * the plan must name for {@code apply} to accept it: a local store its root path, S3 and GCS
     * {@code s3://bucket/prefix/} and {@code gs://bucket/prefix/}, Azure
     * {@code azure://account/container/prefix/}. Other schemes are named as
     * given; {@code --store-location} overrides (apply refuses a plan naming another store, so a
     * wrong name costs a refusal, never a file).
     */
    static String defaultLocation(String root) {
        String scheme = new Path(root).toUri().getScheme();
        scheme = scheme == null ? "file" : scheme;
        return switch (scheme) {
            case "file" -> {
                try (LocalStore store = LocalStore.at(localPath(new Path(root)))) {
                    yield store.location();
                }
            }
            case "s3a", "s3n", "s3" -> bucketLocation("s3://", root.substring(scheme.length() + 3));
            case "gs" -> bucketLocation("gs://", root.substring(scheme.length() + 3));
            case "abfs", "abfss", "wasb", "wasbs" -> azureLocation(root, scheme);
            default -> root;
        };
    }

    /** {@code abfs://CONTAINER@ACCOUNT.dfs.core.windows.net/PREFIX} as the Azure store names it: {@code azure://ACCOUNT/CONTAINER/PREFIX/}. */
    private static String azureLocation(String root, String scheme) {
        String rest = root.substring(scheme.length() + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int at = authority.indexOf('@');
        if (at <= 0) {
            return root;
        }
        String container = authority.substring(0, at);
        String account = authority.substring(at + 1).split("\\.", 2)[0];
        return bucketLocation("azure://", account + "/" + container + (slash < 0 ? "" : rest.substring(slash)));
    }

    /** {@code bucket/prefix} as the S3 and GCS stores write their location: the prefix without leading, with a trailing {@code /}. */
    private static String bucketLocation(String scheme, String bucketAndPrefix) {
        int slash = bucketAndPrefix.indexOf('/');
        String bucket = slash < 0 ? bucketAndPrefix : bucketAndPrefix.substring(0, slash);
        String prefix = slash < 0 ? "" : bucketAndPrefix.substring(slash + 1).replaceAll("^/+", "");
        return scheme + bucket + "/" + (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    @Override
    public Instant listedAsOf() {
        return listedAsOf;
    }

    @Override
    public String storeLocation() {
        return storeLocation;
    }

    @Override
    public Dataset<Row> objects() {
        List<String> folders = new ArrayList<>();
        List<Row> topFiles = new ArrayList<>();
        try {
            FileSystem fs = rootPath().getFileSystem(configuration());
            FileStatus[] entries = fs.listStatus(rootPath());
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus entry : entries) {
                String name = entry.getPath().getName();
                if (name.equals(STATE) || isLink(entry, name)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    if (!fs.exists(new Path(entry.getPath(), STATE))) { // else another store: nothing under it is ours
                        folders.add(name);
                    }
                } else if (entry.isFile()) {
                    files.add(entry);
                }
            }
            Objects objects = new Objects(this);
            for (FileStatus file : files) {
                objects.of(file.getPath().getName(), file).ifPresent(o -> topFiles.add(ObjectListing.row(o)));
            }
            objects.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(folders.size(), context.defaultParallelism() * 4));
        HadoopListing listing = this;
        Dataset<Row> walked = spark.createDataFrame(context.parallelize(folders, slices)
                .mapPartitions(keys -> local() && !hadoopWalkEverywhere ? listing.walkLocally(keys) : listing.walk(keys)),
                SCHEMA);
        return spark.createDataFrame(topFiles, SCHEMA).unionAll(walked);
    }

    /** This listing with a {@code file:} store walked as remote stores are, for tests of that walk. */
    HadoopListing walkingWithHadoop() {
        hadoopWalkEverywhere = true;
        return this;
    }

    /**
     * Every object under the given top-level folders of a local store, listed by core's own
     * {@link LocalStore} rooted at each folder: its walk, its rules for links, unreadable entries
     * and nested stores, its times and versions. One folder's objects are held at a time.
     */
    private Iterator<Row> walkLocally(Iterator<String> topFolders) {
        return new Iterator<>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && topFolders.hasNext()) {
                    current = listLocally(topFolders.next()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private List<Row> listLocally(String folder) {
        List<Row> rows = new ArrayList<>();
        LocalStore opened = LocalStore.at(localPath(rootPath()).resolve(folder));
        try (LocalStore store = ageFromMtime ? opened.agingByModificationTimeOnly() : opened) {
            store.list(new dev.mediagc.spi.ListingVisitor() {
                @Override
                public void object(StoredObject object) {
                    rows.add(ObjectListing.row(new StoredObject(folder + "/" + object.key(), object.size(),
                            object.lastModified(), object.version())));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + "/" + folder + ": " + e.getMessage(), e);
        } finally {
            opened.close();
        }
        return rows;
    }

    /** Every object under the given top-level folders, walked depth first. */
    private Iterator<Row> walk(Iterator<String> topFolders) throws IOException {
        FileSystem fs = rootPath().getFileSystem(configuration());
        Objects objects = new Objects(this);
        ArrayDeque<String> folders = new ArrayDeque<>();
        topFolders.forEachRemaining(folders::add);
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                try {
                    while (ready.isEmpty() && !folders.isEmpty()) {
                        listFolder(fs, folders.pop(), folders, objects, ready);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
                }
                if (ready.isEmpty()) {
                    objects.close();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private void listFolder(FileSystem fs, String folderKey, ArrayDeque<String> folders, Objects objects,
                            ArrayDeque<Row> ready) throws IOException {
        FileStatus[] entries = fs.listStatus(new Path(rootPath(), folderKey));
        for (FileStatus entry : entries) {
            if (entry.getPath().getName().equals(STATE)) {
                return; // another store: nothing under this folder is ours
            }
        }
        for (FileStatus entry : entries) {
            String key = folderKey + "/" + entry.getPath().getName();
            if (isLink(entry, key)) {
                continue;
            }
            if (entry.isDirectory()) {
                folders.push(key);
            } else if (entry.isFile()) {
                objects.of(key, entry).ifPresent(o -> ready.add(ObjectListing.row(o)));
            }
        }
    }

    private boolean isLink(FileStatus entry, String key) {
        if (entry.isSymlink()) {
            return true;
        }
        // Hadoop's local file system reports a link as what it points to.
        return local() && Files.isSymbolicLink(localPath(rootPath()).resolve(key));
    }

    private boolean local() {
        String scheme = rootPath().toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /** A local file system's path as a {@code java.nio} path. */
    static java.nio.file.Path localPath(Path path) {
        URI uri = path.toUri();
        return uri.getScheme() == null ? java.nio.file.Path.of(uri.getPath()) : java.nio.file.Path.of(uri);
    }

    private Path rootPath() {
        return new Path(root);
    }

    private Configuration configuration() {
        Configuration conf = new Configuration(false);
        hadoopConf.forEach(conf::set);
        return conf;
    }

    /** Turns listed entries into stored objects: through core's local store for {@code file:}. */
    private static final class Objects implements AutoCloseable {

        private final HadoopListing listing;
        private LocalStore local;

        Objects(HadoopListing listing) {
            this.listing = listing;
        }

        Optional<StoredObject> of(String key, FileStatus status) throws IOException {
            if (listing.local()) {
                if (local == null) {
                    LocalStore store = LocalStore.at(localPath(listing.rootPath()));
                    local = listing.ageFromMtime ? store.agingByModificationTimeOnly() : store;
                    if (local != store) {
                        store.close();
                    }
                }
                return local.stat(key); // empty when no longer a regular file: not a candidate
            }
            String version = status instanceof EtagSource etag ? quoted(etag.getEtag()) : null;
            Instant modified = Instant.ofEpochSecond(Math.floorDiv(status.getModificationTime(), 1000L));
            return Optional.of(new StoredObject(key, status.getLen(), modified, version));
        }

        private static String quoted(String etag) {
            if (etag == null || etag.isEmpty()) {
                return null;
            }
            return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
        }

        @Override
        public void close() {
            if (local != null) {
                local.close();
                local = null;
            }
        }
    }
}
