package dev.mediagc.internal.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.SourceFigures;
import dev.mediagc.internal.store.StateFolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures a completed applied run leaves in {@code .mediagc/last-run.json}, and the comparison that
 * stops a run whose sources suddenly yield far fewer keys, or whose orphans suddenly jump.
 */
public record RunFigures(String runId, long objects, long orphans, Map<String, Long> sourceValues) {

    static final String FILE = "last-run.json";
    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();
    private static final Logger log = LoggerFactory.getLogger(RunFigures.class);

    /**
     * This run's figures, each source's value count keyed by its {@link ReferenceSource#identity()}
     * (its column or its query's text, not its position), so swapping two options between runs
     * compares each source with itself. {@code figures} are in the order of {@code sources}.
     */
    public static RunFigures of(String runId, long objects, long orphans, List<ReferenceSource> sources,
                                List<SourceFigures> figures) {
        Map<String, Long> values = new TreeMap<>();
        for (int i = 0; i < sources.size(); i++) {
            values.merge(sources.get(i).identity(), figures.get(i).values(), Math::max);
        }
        return new RunFigures(runId, objects, orphans, values);
    }

    public static Optional<RunFigures> last(StateFolder state) {
        try {
            Optional<byte[]> bytes = state.read(FILE);
            return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(bytes.get(), RunFigures.class));
        } catch (IOException e) {
            // Unreadable figures mean no comparison, which the report says; they never block a run.
            log.warn("cannot read the last run's figures ({}); skipping the comparison", e.getMessage());
            return Optional.empty();
        }
    }

    public void save(StateFolder state) throws IOException {
        state.write(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /**
     * Reasons this run looks unlike the last one: a source under half its last count, or orphans
     * over twice the last count plus a margin. Empty when nothing looks wrong.
     */
    public List<String> differencesFrom(RunFigures last) {
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, Long> source : sourceValues.entrySet()) {
            Long before = last.sourceValues().get(source.getKey());
            if (before != null && before > 0 && source.getValue() * 2 < before) {
                reasons.add(String.format("source %s yields %,d values, under half of the %,d it yielded in run %s",
                        source.getKey(), source.getValue(), before, last.runId()));
            }
        }
        long margin = Math.max(100, objects / 100);
        if (orphans > 2 * last.orphans() + margin) {
            reasons.add(String.format("%,d orphans, far above the %,d of run %s", orphans, last.orphans(), last.runId()));
        }
        return reasons;
    }
}
