package dev.mediagc.quarantine;

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
