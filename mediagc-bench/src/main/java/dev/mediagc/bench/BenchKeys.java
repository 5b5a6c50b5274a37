package dev.mediagc.bench;

/**
 * The benchmark's key layout, shaped like Django's {@code upload_to} folders:
 * {@code photos/YYYY/MM/DD/IMG_n.jpg} (70%), {@code docs/NN/document-n.pdf} (20%), top-level (10%).
 */
public final class BenchKeys {

    private BenchKeys() {
    }

    public static String keyOf(int i) {
        int bucket = i % 10;
        if (bucket < 7) {
            int day = i / 10;
            return String.format("photos/%d/%02d/%02d/IMG_%08d.jpg", 2016 + day % 9, 1 + (day / 9) % 12, 1 + (day / 108) % 28, i);
        }
        if (bucket < 9) {
            return String.format("docs/%02d/document-%08d.pdf", (i / 10) % 100, i);
        }
        return String.format("file-%08d.png", i);
    }
}
