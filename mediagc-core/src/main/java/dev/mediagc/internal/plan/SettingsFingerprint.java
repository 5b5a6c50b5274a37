package dev.mediagc.internal.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Names the settings that decide which objects are candidates, so apply can tell a plan made with
 * other references, excludes, rules, grace period or key spelling from its own: the SHA-256 of
 * their canonical text, order-independent where order does not matter. Run-time settings (caps,
 * batch size, action) are not part of it: apply runs with its own.
 */
public final class SettingsFingerprint {

    private SettingsFingerprint() {
    }

    public static String of(Collection<String> sourceIdentities, Collection<String> excludes,
                            Collection<String> derivedRules, Duration minAge, Collection<String> stripPrefixes,
                            boolean ignoreCase) {
        StringBuilder text = new StringBuilder("mediagc-settings/1\n");
        section(text, "sources", sourceIdentities);
        section(text, "excludes", excludes);
        section(text, "derived", derivedRules);
        section(text, "strip-prefixes", stripPrefixes);
        text.append("min-age\t").append(minAge.toSeconds()).append('\n');
        text.append("ignore-case\t").append(ignoreCase).append('\n');
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void section(StringBuilder text, String name, Collection<String> values) {
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(values));
        text.append(name).append('\t').append(sorted.size()).append('\n');
        for (String value : sorted) {
            // Length first, so no value can pass for two.
            text.append(value.length()).append(':').append(value).append('\n');
        }
    }
}
