package dev.mediagc.cli;

import java.util.List;

/**
 * Log lines go to standard error, where they never mix with the summary on standard output.
 * Quiet by default (warnings and errors), {@code -v} shows what each phase did.
 */
final class Logging {

    private Logging() {
    }

    static void configure(String[] args) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.log.dev.mediagc", verbose ? "info" : "warn");
        // A failed run is told once, by the command itself, not again by the engine's log.
        setDefault("org.slf4j.simpleLogger.log.dev.mediagc.internal.sweep.Sweeper", verbose ? "info" : "off");
        // Hadoop (under the ORC and Parquet readers of --inventory) warns that it has no native library; it needs none.
        setDefault("org.slf4j.simpleLogger.log.org.apache.hadoop", verbose ? "warn" : "error");
        // The Azure SDK logs each failed Blob Batch sub-request at ERROR, a blob already gone (success
        // for mediagc) included; the Azure store reports every real failure itself, key by key.
        setDefault("org.slf4j.simpleLogger.log.com.azure.storage.blob.batch.BlobBatchAsyncClient", "off");
        // The Azure SDK logs an ERROR line for every failed attempt (seven for one unreachable endpoint); the
        // store turns the failure into the command's one line, so the SDK's own lines show only with -v.
        setDefault("org.slf4j.simpleLogger.log.com.azure", verbose ? "info" : "off");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
