package dev.mediagc.spark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the plan's header says about the run that made it: the store, the database, the settings'
 * fingerprint inputs, the listing's time and the figures the guards use.
 *
 * @param sources each source's name and the values it gave, in the order given
 * @param sourceIdentities each source's identity, as core's sources give it (for the fingerprint)
 */
record PlanFacts(Instant created, String store, String database, Instant listedAsOf, Duration minAge,
                 List<String> sourceIdentities, List<SourceCount> sources, long objects, long referenced,
                 long orphans, long orphanBytes, KeyRules rules, List<String> warnings) {

    /** One source's figures. */
    record SourceCount(String name, String identity, long rows, long values) {
    }
}
