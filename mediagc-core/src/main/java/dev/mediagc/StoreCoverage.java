package dev.mediagc;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a configuration explains of a store ({@link MediaGc#coverage()}): every object judged as a
 * sweep would, into referenced, kept by a derived rule, excluded, or unexplained. Measuring it only
 * reads: no lock, binding, figures, journal or report is written. Young objects are not set apart:
 * an upload in flight is unexplained here as it would be a young orphan in a sweep. Immutable.
 */
public interface StoreCoverage {

    /** An object no reference, rule or exclude explains: its key as listed, and its normal form (null if none). */
    record Unexplained(String raw, String key) {
    }

    /** Whether the keys judged were a sample of the store's rather than its whole listing. */
    boolean sample();

    /** Objects judged (listed, or sampled). */
    long objects();

    /** Objects a reference names. */
    long referenced();

    /** Objects no reference names that a derived rule keeps. */
    long derived();

    /** Objects no reference or rule explains that an exclude pattern keeps. */
    long excluded();

    /** Objects nothing explains: what a sweep would call orphans (young ones included). */
    long unexplainedCount();

    /** The unexplained objects kept, in listing order (all of them unless {@link #unexplainedCapped()}). */
    List<Unexplained> unexplained();

    /** Whether more objects were unexplained than were kept in {@link #unexplained()}. */
    boolean unexplainedCapped();

    /** Objects each derived rule kept, by the rule's text. */
    Map<String, Long> derivedByRule();

    /** Unexplained objects by top folder ({@code cache/}, the empty string for the top), most first. */
    Map<String, Long> unexplainedByTopFolder();

    /** Objects of a top folder the references or the rules explain: none means the database never names that folder. */
    long explainedIn(String topFolder);

    /** The top folders holding at least one object the references or the rules explain. */
    Set<String> explainedTopFolders();

    /** Share of the objects referenced or kept by a rule, from 0 to 1. */
    double explainedShare();

    /** Share of the objects nothing explains, from 0 to 1. */
    double unexplainedShare();

    /**
     * These figures with more derived rules and excludes added after the configured ones, as a
     * sweep reading them all would judge: only unexplained objects can move. Unexplained objects
     * past the cap stay unexplained (the figures are then a lower bound of what the rules explain).
     *
     * @throws DerivedRuleException when a rule cannot be read
     */
    StoreCoverage with(List<String> moreDerivedRules, List<String> moreExcludes);

    /**
     * One line: "the references explain 97.1% of the 1,234 objects (93.0% referenced, 4.1% kept by
     * derived rules); 0.4% excluded; 2.5% unexplained (31), by folder: cache/ 20, photos/ 11".
     */
    String summary();
}
