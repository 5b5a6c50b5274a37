package dev.mediagc.internal.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mediagc.internal.guard.DatabaseIdentity;
import java.time.Instant;
import java.util.List;

/**
 * The first line of a plan file: what made it, against what, with which settings, and the figures
 * the guards of {@code apply} use. See {@link PlanWriter} for the whole format.
 *
 * @param format always {@value #FORMAT}
 * @param version the format's version, {@value #VERSION}
 * @param created when the plan was written
 * @param engine what computed the candidates: {@code sweep} (one machine) or {@code spark}
 * @param store the store's location ({@code ObjectStore.location()}), which apply must name too
 * @param database the identity of the database the references were read from, or null when the
 *     sources are not one JDBC database
 * @param settings the {@link SettingsFingerprint} of the settings that chose the candidates
 * @param listedAsOf the moment the listing shows the store as of (now for a listing, the
 *     inventory's date for an inventory); the plan's age counts from the earlier of this and created
 * @param minAge the grace period the candidates were chosen with, as written in settings
 * @param figures counts of the run that made the plan
 * @param warnings what that run warned about, in its words
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlanHeader(String format, int version, Instant created, String engine, String store,
                         DatabaseIdentity database, String settings, Instant listedAsOf, String minAge,
                         PlanFigures figures, List<String> warnings) {

    public static final String FORMAT = "mediagc-plan";
    public static final int VERSION = 1;

    public PlanHeader {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A header of the current format and version. */
    public static PlanHeader of(Instant created, String engine, String store, DatabaseIdentity database,
                                String settings, Instant listedAsOf, String minAge, PlanFigures figures,
                                List<String> warnings) {
        return new PlanHeader(FORMAT, VERSION, created, engine, store, database, settings, listedAsOf, minAge,
                figures, warnings);
    }

    /** The moment the plan's view of the store dates from: the earlier of its listing and its writing. */
    public Instant asOf() {
        return listedAsOf != null && listedAsOf.isBefore(created) ? listedAsOf : created;
    }

    /**
     * The figures of the run that made a plan.
     *
     * @param objects objects listed under the store's root
     * @param referenced of those, named by a reference
     * @param orphans candidates (the plan's lines)
     * @param orphanBytes their total size
     * @param sources per reference source (by identity), the values it streamed
     * @param derivedLookingRefusal the derived-files guard's refusal, as apply would state it, when
     *     it found too many candidates that look derived; null when it did not, or was not run
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PlanFigures(long objects, long referenced, long orphans, long orphanBytes, List<PlanSource> sources,
                              String derivedLookingRefusal) {
        public PlanFigures {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /** One reference source's identity and how many values it streamed. */
    public record PlanSource(String source, long values) {
    }
}
