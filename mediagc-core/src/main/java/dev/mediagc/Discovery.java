package dev.mediagc;

import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.internal.discover.Findings;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A discovery of the reference columns, set up by {@link MediaGc#discover}: choose the schema and
 * how much to read, then {@link #run()}. It reads only (read-only transactions, a listing of the
 * store) and changes nothing; what it returns is a proposal to review, since it cannot see
 * references built from several columns or derived files.
 */
public final class Discovery {

    private final ColumnDiscovery discovery;

    Discovery(ColumnDiscovery discovery) {
        this.discovery = discovery;
    }

    /** The schema (MariaDB: database) to read; default the connection's current one. */
    public Discovery schema(String schemaName) {
        discovery.schema(schemaName);
        return this;
    }

    /** How many non-blank values to read per column (default 1000). */
    public Discovery sampleRows(int rows) {
        discovery.sampleRows(rows);
        return this;
    }

    /** How many of the store's keys to keep in memory at most (default 1,000,000); ratios past it are lower bounds. */
    public Discovery keyCap(int cap) {
        discovery.keyCap(cap);
        return this;
    }

    /**
     * Lists only stretches of the store's key order holding about {@code objects} keys, instead of
     * the whole store, and judges only the values that fall within them; 0 (the default) lists
     * everything.
     */
    public Discovery sampleObjects(int objects) {
        discovery.sampleObjects(objects);
        return this;
    }

    /** Where the random choices of row samples come from (a seeded one repeats a discovery exactly). */
    public Discovery random(Random source) {
        discovery.random(Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Lists the store, reads a sample of every text column of the schema and judges each. */
    public Result run() throws IOException, SQLException {
        ColumnDiscovery.Result found = discovery.run();
        return new Result(found.schema(), found.findings(), found.unreadable());
    }

    /**
     * What a discovery found: one finding per text column, and what it could not read.
     *
     * @param schema     the schema read, null where the database has none
     * @param findings   every text column read, proposed or not
     * @param unreadable columns that could not be read, each with the reason
     */
    public record Result(String schema, List<ColumnFinding> findings, List<String> unreadable) {

        public Result {
            findings = List.copyOf(findings);
            unreadable = List.copyOf(unreadable);
        }

        /** The columns whose values name enough stored objects to be references: add each with {@code reference(...)}. */
        public List<ColumnFinding> proposed() {
            return Findings.proposed(findings);
        }

        /** Columns some of whose values name stored objects, too few to propose: for the user to judge. */
        public List<ColumnFinding> weak() {
            return Findings.weak(findings);
        }

        /** The prefixes of the proposed columns, each once, most used first within each column: for {@code stripPrefix(...)}. */
        public List<String> prefixes() {
            return Findings.prefixes(findings);
        }

        /**
         * Columns read but not judged: only stretches of the store were listed, and none of their
         * values fell within one. Neither proposed nor dismissed; a bigger sample may judge them.
         */
        public List<ColumnFinding> unjudged() {
            return Findings.unjudged(findings);
        }

        /** Where the proposed text columns' links put the store's root, each once: for {@code textPrefix(...)}. */
        public List<String> textPrefixes() {
            return Findings.textPrefixes(findings);
        }
    }
}
