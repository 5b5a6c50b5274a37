package dev.mediagc;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a plan file holds, for a person deciding whether to apply it: where and when it was made,
 * how many candidates of how many bytes, which top folders hold most of them, and some of their keys.
 *
 * @param database the database the plan's references were read from, as its identity prints, or null
 * @param settings the fingerprint of the settings that chose the candidates; apply must match it
 * @param listedAsOf when the listing (or inventory) showed the store
 * @param objects the objects the plan's run listed
 * @param candidates the plan's candidates
 * @param bytes their total size
 * @param oldest the oldest candidate's time, or null
 * @param newest the newest candidate's time, or null
 * @param topFolders the top-level folders holding most candidates, most first (at most 20)
 * @param samples a few candidates' keys, spread over the plan
 * @param derivedLookingRefusal the derived-files guard's finding when it would refuse, else null
 */
public record PlanSummary(Path file, Instant created, String engine, String store, String database, String settings,
                          Instant listedAsOf, String minAge, long objects, long candidates, long bytes, Instant oldest,
                          Instant newest, List<Folder> topFolders, List<String> samples, List<String> warnings,
                          String derivedLookingRefusal) {

    public PlanSummary {
        topFolders = List.copyOf(topFolders);
        samples = List.copyOf(samples);
        warnings = List.copyOf(warnings);
    }

    /** One top-level folder's share of a plan ({@code ""} for files at the root). */
    public record Folder(String folder, long candidates, long bytes) {
    }
}
