package dev.mediagc.internal.mark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.DanglingBySource.NamedBy;
import dev.mediagc.MarkIncompleteException;
import dev.mediagc.ProgressListener;
import dev.mediagc.Tally;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.spi.ReferenceSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A complete mark tells its dangling references by source: each counted once, under the one
 * source naming it or under several sources, with samples of exactly what each row counts.
 */
@Tag("fast")
class MarkerDanglingBySourceTest {

    private static final KeyNormalizer NORMALIZER = KeyNormalizer.of(List.of("/media/"), false);

    private record ListSource(String name, List<String> values) implements ReferenceSource {
        @Override
        public void stream(ReferenceSink sink) {
            values.forEach(sink::accept);
        }

        @Override
        public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) {
            return Set.copyOf(values);
        }
    }

    private static Marker.Result mark(ReferenceSource... sources) throws MarkIncompleteException {
        return new Marker(List.of(sources), NORMALIZER, false, ProgressListener.NONE).mark();
    }

    /** What listing the store does to the mark: each key it holds is seen. */
    private static void storeHolds(Marker.Result mark, String... keys) {
        for (String key : keys) {
            mark.marks().markSeen(KeyHash.of(NORMALIZER.normalize(key)));
        }
    }

    @Test
    void countsEachDanglingReferenceUnderTheOneSourceNamingItOrUnderSeveralSources() throws Exception {
        Marker.Result mark = mark(
                new ListSource("photo.file", List.of("a.jpg", "/media/b.jpg", "shared.jpg", "held.jpg", "a.jpg")),
                new ListSource("doc.file", List.of("/media/shared.jpg", "c.pdf", "held.jpg", "")));
        storeHolds(mark, "held.jpg");

        List<DanglingBySource> rows = mark.danglingBySource(Tally.SAMPLE_SIZE);

        assertThat(rows).containsExactly(
                DanglingBySource.ofSource("photo.file", 2, List.of("/media/b.jpg", "a.jpg")),
                DanglingBySource.ofSource("doc.file", 1, List.of("c.pdf")),
                new DanglingBySource(NamedBy.SEVERAL_SOURCES, null, 1, List.of("/media/shared.jpg")));
        assertThat(rows.stream().mapToLong(DanglingBySource::count).sum()).isEqualTo(mark.marks().unseenCount());
    }

    @Test
    void aSourceWhoseReferencesAllResolveHasARowOfZero() throws Exception {
        Marker.Result mark = mark(
                new ListSource("photo.file", List.of("a.jpg", "gone.jpg")),
                new ListSource("doc.file", List.of("a.jpg", "b.pdf")));
        storeHolds(mark, "a.jpg", "b.pdf");

        assertThat(mark.danglingBySource(Tally.SAMPLE_SIZE)).containsExactly(
                DanglingBySource.ofSource("photo.file", 1, List.of("gone.jpg")),
                DanglingBySource.ofSource("doc.file", 0, List.of()));
    }

    @Test
    void samplesAtMostTheLimitPerRowSortedWhileTheCountStaysExact() throws Exception {
        List<String> many = IntStream.range(0, 500).mapToObj(i -> String.format("missing-%03d.jpg", i)).toList();
        Marker.Result mark = mark(new ListSource("photo.file", many), new ListSource("doc.file", List.of("x.pdf")));

        DanglingBySource photos = mark.danglingBySource(Tally.SAMPLE_SIZE).get(0);

        assertThat(photos.count()).isEqualTo(500);
        assertThat(photos.samples()).hasSize(Tally.SAMPLE_SIZE).isSorted().allMatch(many::contains);
    }

    @Test
    void namesTheFirst254SourcesOneByOneAndTheLaterOnesInOneRow() throws Exception {
        List<ReferenceSource> sources = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            sources.add(new ListSource("t" + i + ".file", List.of("only-" + i + ".jpg")));
        }
        Marker.Result mark = new Marker(sources, NORMALIZER, false, ProgressListener.NONE).mark();

        List<DanglingBySource> rows = mark.danglingBySource(Tally.SAMPLE_SIZE);

        assertThat(rows).hasSize(255);
        assertThat(rows.get(253)).isEqualTo(DanglingBySource.ofSource("t253.file", 1, List.of("only-253.jpg")));
        assertThat(rows.get(254)).isEqualTo(new DanglingBySource(NamedBy.SOURCES_PAST_THE_254TH, null, 3,
                List.of("only-254.jpg", "only-255.jpg", "only-256.jpg")));
        assertThat(rows.stream().mapToLong(DanglingBySource::count).sum()).isEqualTo(257);
    }
}
