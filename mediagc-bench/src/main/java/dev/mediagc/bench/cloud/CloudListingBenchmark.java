package dev.mediagc.bench.cloud;

import dev.mediagc.bench.Medians;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listing throughput of the three cloud stores against their local servers, each next to its own
 * SDK's plain sequential listing and next to S3Proxy: S3Proxy in this JVM, Azurite and the
 * firebase-tools Cloud Storage emulator (both installed with npm on first use, as the stores' tests
 * install them). Every store gets the same keys ({@code BenchKeys}), filled by parallel uploads; a
 * store that cannot take them all within the fill limit keeps what it took, and its figures are
 * per object (and an extrapolated time is labelled so). Then, for each round, every store is listed
 * with its SDK and with mediagc's {@code ObjectStore.list}, the order alternating between rounds,
 * after a warm-up round that is not counted.
 *
 * <pre>java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.cloud.CloudListingBenchmark \
 *     [objects=100000] [rounds=3] [fill-threads=16] [fill-limit-seconds=600]</pre>
 */
public final class CloudListingBenchmark {

    /** One store's figures: its fill and, per round, each listing's seconds. */
    private static final class Result {
        final String name;
        final Filler.Filled filled;
        final List<Double> sdk = new ArrayList<>();
        final List<Double> mediagc = new ArrayList<>();

        Result(String name, Filler.Filled filled) {
            this.name = name;
            this.filled = filled;
        }

        double sdkRate() {
            return filled.objects() / Medians.of(sdk);
        }

        double mediagcRate() {
            return filled.objects() / Medians.of(mediagc);
        }
    }

    private CloudListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = Math.max(2, args.length > 1 ? Integer.parseInt(args[1]) : 3);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        double limit = args.length > 3 ? Double.parseDouble(args[3]) : 600;

        List<BenchStore> stores = new ArrayList<>();
        Map<BenchStore, Result> results = new LinkedHashMap<>();
        try {
            start(stores, S3ProxyBench::new, "S3Proxy");
            start(stores, AzuriteBench::new, "Azurite");
            start(stores, FirebaseStorageBench::new, "the firebase Cloud Storage emulator");
            for (BenchStore store : stores) {
                Filler.Filled filled = Filler.fill(store, objects, threads, limit);
                System.out.printf("filled %s: %,d objects in %.1f s (%,.0f uploads/s, %d threads)%s%n", store.name(),
                        filled.objects(), filled.seconds(), filled.objectsPerSecond(), threads,
                        filled.stoppedAtLimit() ? String.format(", STOPPED at the %.0f s limit: %,d of %,d", limit,
                                filled.objects(), objects) : "");
                results.put(store, new Result(store.name(), filled));
            }
            // Round 0 warms the JIT and the servers' caches up and is not counted.
            for (int round = 0; round <= rounds; round++) {
                for (BenchStore store : stores) {
                    Result result = results.get(store);
                    int expected = result.filled.objects();
                    double sdk;
                    double mediagc;
                    if (round % 2 == 1) {
                        sdk = timeSdk(store, expected);
                        mediagc = timeMediagc(store, expected);
                    } else {
                        mediagc = timeMediagc(store, expected);
                        sdk = timeSdk(store, expected);
                    }
                    if (round > 0) {
                        result.sdk.add(sdk);
                        result.mediagc.add(mediagc);
                    }
                    System.out.printf("round %s, %s, %,d objects: SDK sequential %.2f s (%,.0f objects/s), "
                            + "mediagc list %.2f s (%,.0f objects/s), mediagc/SDK %.2fx%n", round == 0 ? "0 (warm-up)" : round, store.name(), expected,
                            sdk, expected / sdk, mediagc, expected / mediagc, sdk / mediagc);
                }
            }
            summary(new ArrayList<>(results.values()), objects, rounds);
        } finally {
            for (BenchStore store : stores) {
                try {
                    store.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + store.name() + ": " + e);
                }
            }
        }
    }

    /** Starts a server; one that cannot run here is left out, saying why, and the others still run. */
    private static void start(List<BenchStore> stores, Callable<BenchStore> server, String name) {
        try {
            long started = System.nanoTime();
            stores.add(server.call());
            System.out.printf("started %s in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        } catch (Exception e) {
            System.out.println("left out " + name + ": " + e.getMessage());
        }
    }

    private static double timeSdk(BenchStore store, int expected) throws Exception {
        long started = System.nanoTime();
        long count = store.listWithSdk();
        double seconds = (System.nanoTime() - started) / 1e9;
        check(store, "SDK", count, expected);
        return seconds;
    }

    /** Only the listing is timed: opening a store checks the bucket once, which the SDK loop never does. */
    private static double timeMediagc(BenchStore store, int expected) throws Exception {
        try (ObjectStore opened = store.openWithMediagc()) {
            AtomicLong count = new AtomicLong();
            long started = System.nanoTime();
            opened.list(new ListingVisitor() {
                @Override
                public void object(StoredObject object) {
                    count.incrementAndGet();
                }

                @Override
                public void unreadable(String key, String reason) {
                    throw new IllegalStateException(store.name() + ": '" + key + "' could not be listed: " + reason);
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            check(store, "mediagc", count.get(), expected);
            return seconds;
        }
    }

    private static void check(BenchStore store, String lister, long count, int expected) {
        if (count != expected) {
            throw new IllegalStateException(store.name() + ": " + lister + " listed " + count + " objects, expected " + expected);
        }
    }

    private static void summary(List<Result> results, int wanted, int rounds) {
        System.out.printf("%nmedian of %d rounds, objects/s (higher is faster):%n", rounds);
        System.out.printf("%-32s %9s %9s %12s %12s %10s %14s %14s%n", "store", "objects", "fill s", "SDK seq.",
                "mediagc", "mediagc/SDK", "SDK vs S3Proxy", "mediagc vs S3Proxy");
        Result s3 = results.stream().filter(r -> r.name.equals("S3Proxy")).findFirst().orElse(null);
        for (Result r : results) {
            System.out.printf("%-32s %9s %9.1f %12.0f %12.0f %10.2fx %14s %14s%n", r.name, String.format("%,d", r.filled.objects()),
                    r.filled.seconds(), r.sdkRate(), r.mediagcRate(), r.mediagcRate() / r.sdkRate(),
                    s3 == null ? "-" : String.format("%.2fx", r.sdkRate() / s3.sdkRate()),
                    s3 == null ? "-" : String.format("%.2fx", r.mediagcRate() / s3.mediagcRate()));
        }
        for (Result r : results) {
            if (r.filled.objects() < wanted) {
                System.out.printf("EXTRAPOLATED, not measured: %s held only %,d objects (fill limit); %,d objects would list "
                        + "in ~%.1f s (SDK) / ~%.1f s (mediagc) at the listing rates measured, if listing time grows "
                        + "linearly with the object count, and take over %.0f s to fill (its average upload rate; see the "
                        + "progress lines for whether the rate fell as it filled)%n", r.name, r.filled.objects(), wanted,
                        wanted / r.sdkRate(), wanted / r.mediagcRate(), wanted / r.filled.objectsPerSecond());
            }
        }
    }
}
