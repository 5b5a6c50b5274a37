package dev.mediagc.internal.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Run ids such as {@code 20261124T040512Z-3fa2}: they sort by start time and carry it, so purge
 * can age quarantine runs without any other record.
 */
public final class RunId {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunId() {
    }

    public static String next(Instant now) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        return FORMAT.format(now.truncatedTo(ChronoUnit.SECONDS)) + "-" + HexFormat.of().formatHex(suffix);
    }

    /**
     * The quarantine run of cleanup on change for the UTC day of {@code now}, e.g.
     * {@code 20261126T000000Z-cleanup}: one folder a day, which sorts, ages and purges like a sweep's.
     */
    public static String cleanupOf(Instant now) {
        return FORMAT.format(now.truncatedTo(ChronoUnit.DAYS)) + CLEANUP_SUFFIX;
    }

    private static final String CLEANUP_SUFFIX = "-cleanup";

    /** A cleanup run has no journal: it is finished once its day is over. */
    public static boolean isCleanupRunOver(String runId, Instant now) {
        Instant started = startOf(runId);
        return runId.endsWith(CLEANUP_SUFFIX) && started != null && !started.plus(java.time.Duration.ofDays(1)).isAfter(now);
    }

    /**
     * Whether {@code runId} can name a quarantine folder: letters, digits, '.', '_' and '-' only,
     * not starting with '.', so it can never climb out of the quarantine area.
     */
    public static boolean isSafe(String runId) {
        return runId != null && runId.matches("[A-Za-z0-9._-]+") && !runId.startsWith(".");
    }

    /** When the run started, or null if {@code runId} is not a run id. */
    public static Instant startOf(String runId) {
        int dash = runId.indexOf('-');
        if (dash != 16) {
            return null;
        }
        try {
            return FORMAT.parse(runId.substring(0, dash), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
