package dev.mediagc.internal.mark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class MarkSetTest {

    @Test
    void holdsEveryHashAddedAcrossGrowth() {
        MarkSet set = new MarkSet(16);
        Random random = new Random(1);
        long[] added = new long[100_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong();
            set.add(added[i]);
        }
        for (long hash : added) {
            assertThat(set.contains(hash)).isTrue();
        }
        assertThat(set.size()).isEqualTo(added.length);
        assertThat(set.contains(12345L)).isFalse();
    }

    @Test
    void zeroIsAnOrdinaryHash() {
        MarkSet set = new MarkSet();
        assertThat(set.contains(0L)).isFalse();
        set.add(0L);
        assertThat(set.contains(0L)).isTrue();
    }

    @Test
    void marksNotSeenInTheStoreAreTheDanglingOnesEvenAfterGrowth() {
        MarkSet set = new MarkSet(16);
        for (long i = 1; i <= 1000; i++) {
            set.add(i * 7919);
        }
        for (long i = 1; i <= 400; i++) {
            assertThat(set.markSeen(i * 7919)).isTrue();
        }
        assertThat(set.markSeen(-5)).isFalse();
        for (long i = 1001; i <= 5000; i++) {
            set.add(i * 7919); // forces rehashing, which must carry the seen bits along
        }
        assertThat(set.unseenCount()).isEqualTo(5000 - 400);
        assertThat(set.wasSeen(7919)).isTrue();
        assertThat(set.wasSeen(401 * 7919)).isFalse();
    }


    @Test
    void tellsWhetherAKeyWasMarkedStrictlyOrOnlyThroughALenientSpellingEvenAfterGrowth() {
        MarkSet set = new MarkSet(16);
        for (long i = 1; i <= 3000; i++) {
            set.add(i * 7919, i % 3 != 0);   // every third only leniently
        }
        set.add(3 * 7919, true);              // a strict mark wins over an earlier lenient one
        set.add(1 * 7919, false);             // and a later lenient one does not take it away
        assertThat(set.recordSeen(1 * 7919)).isEqualTo(MarkSet.Match.STRICT);
        assertThat(set.recordSeen(3 * 7919)).isEqualTo(MarkSet.Match.STRICT);
        assertThat(set.recordSeen(6 * 7919)).isEqualTo(MarkSet.Match.LENIENT);
        assertThat(set.recordSeen(-5)).isEqualTo(MarkSet.Match.ABSENT);
        assertThat(set.wasSeen(6 * 7919)).isTrue();
        assertThat(set.size()).isEqualTo(2000 + 1);
        assertThat(set.entries()).isEqualTo(3000);
    }

    @Test
    void lenientSpellingsLeftUnseenAreNotDanglingReferences() {
        MarkSet set = new MarkSet(16);
        for (long i = 1; i <= 1000; i++) {
            set.add(i, true);
            set.add(-i, false);               // a spelling of the same value nobody stores
        }
        for (long i = 1; i <= 400; i++) {
            set.markSeen(i);
        }
        assertThat(set.unseenCount()).isEqualTo(600);
    }

    @Test
    void aDanglingKeyTwoSourcesNameCountsOnceUnderSeveralSourcesNotUnderEither() {
        MarkSet set = new MarkSet(16);
        set.add(10, true, 0);
        set.add(20, true, 0);
        set.add(20, true, 1);                 // both name 20
        set.add(30, true, 1);

        long[] byMarker = set.unseenCountByMarker();

        assertThat(byMarker[0]).isEqualTo(1);  // 10
        assertThat(byMarker[1]).isEqualTo(1);  // 30
        assertThat(byMarker[MarkSet.SEVERAL_SOURCES]).isEqualTo(1);
        assertThat(set.markedBy(20)).isEqualTo(MarkSet.SEVERAL_SOURCES);
        assertThat(sum(byMarker)).isEqualTo(set.unseenCount()).isEqualTo(3);
    }

    @Test
    void aKeyTheStoreHoldsIsDanglingForNoSourceWhoeverNamesIt() {
        MarkSet set = new MarkSet(16);
        set.add(10, true, 0);                 // dangling, source 0's alone
        set.add(20, true, 0);
        set.add(20, true, 1);                 // named by both, held by the store
        set.add(30, true, 1);                 // held by the store
        set.add(40, true, 1);                 // dangling, source 1's alone
        set.markSeen(20);
        set.markSeen(30);

        long[] byMarker = set.unseenCountByMarker();

        assertThat(byMarker[0]).isEqualTo(1);
        assertThat(byMarker[1]).isEqualTo(1);
        assertThat(byMarker[MarkSet.SEVERAL_SOURCES]).isZero();
        assertThat(sum(byMarker)).isEqualTo(set.unseenCount()).isEqualTo(2);
    }

    @Test
    void aLenientSpellingNamesNoSourceAndAStrictMarkAfterItNamesItsOwn() {
        MarkSet set = new MarkSet(16);
        set.add(10, false, 0);                // source 0 spells 10 leniently only
        set.add(10, true, 1);                 // source 1 names it: 1's alone
        set.add(20, true, 2);
        set.add(20, false, 3);                // a lenient spelling does not make 20 several sources'
        set.add(30, false, 4);                // lenient only: no reference at all

        assertThat(set.markedBy(10)).isEqualTo(1);
        assertThat(set.markedBy(20)).isEqualTo(2);
        assertThat(set.markedBy(30)).isEqualTo(-1);
        long[] byMarker = set.unseenCountByMarker();
        assertThat(byMarker[1]).isEqualTo(1);
        assertThat(byMarker[2]).isEqualTo(1);
        assertThat(sum(byMarker)).isEqualTo(set.unseenCount()).isEqualTo(2);
    }

    @Test
    void namesEachOfTheFirst254SourcesAndLumpsTheLaterOnesTogether() {
        MarkSet set = new MarkSet(16);
        for (int source = 0; source < 300; source++) {
            set.add(1000 + source, true, source);
            set.add(1000 + source, true, source); // a source naming a value twice is still that source alone
        }
        set.add(5000, true, 260);
        set.add(5000, true, 3);               // a later source and a named one: several
        set.add(6000, true, 260);
        set.add(6000, true, 270);             // two later sources: which ones is not kept, still "later"

        long[] byMarker = set.unseenCountByMarker();

        for (int source = 0; source <= MarkSet.LAST_NAMED_SOURCE; source++) {
            assertThat(byMarker[source]).as("source %d", source).isEqualTo(1);
            assertThat(set.markedBy(1000 + source)).isEqualTo(source);
        }
        assertThat(byMarker[MarkSet.LATER_SOURCES]).isEqualTo(300 - 254 + 1);
        assertThat(byMarker[MarkSet.SEVERAL_SOURCES]).isEqualTo(1);
        assertThat(set.markedBy(6000)).isEqualTo(MarkSet.LATER_SOURCES);
        assertThat(sum(byMarker)).isEqualTo(set.unseenCount()).isEqualTo(302);
    }

    /**
     * Against a plain model (a map from key to the sources naming it strictly), through many
     * rehashings from the smallest table: each dangling key counts under the one source naming it,
     * or under several sources, never twice and never lost.
     */
    @Test
    void countsByWhoNamesEachDanglingKeyAsAPlainModelDoesThroughGrowth() {
        MarkSet set = new MarkSet(16);
        Random random = new Random(7);
        Map<Long, Set<Integer>> strictBy = new HashMap<>();
        Set<Long> all = new HashSet<>();
        Set<Long> seenInModel = new HashSet<>();
        for (int i = 0; i < 60_000; i++) {
            long key = random.nextInt(40_000);
            int source = random.nextInt(6);
            boolean strictly = random.nextInt(5) != 0;
            set.add(key * 0x9E3779B97F4A7C15L, strictly, source);
            all.add(key);
            if (strictly) {
                strictBy.computeIfAbsent(key, k -> new HashSet<>()).add(source);
            }
            if (i % 7 == 0) {
                long held = random.nextInt(40_000);
                set.markSeen(held * 0x9E3779B97F4A7C15L);
                if (all.contains(held)) {
                    seenInModel.add(held);
                }
            }
        }
        long[] expected = new long[256];
        strictBy.forEach((key, sources) -> {
            if (!seenInModel.contains(key)) {
                expected[sources.size() == 1 ? sources.iterator().next() : MarkSet.SEVERAL_SOURCES]++;
            }
        });

        assertThat(set.unseenCountByMarker()).containsExactly(expected);
        assertThat(sum(expected)).isEqualTo(set.unseenCount()).isPositive();
        assertThat(expected[MarkSet.SEVERAL_SOURCES]).isPositive();
    }

    @Test
    void costsUnderTwentyBytesAKeyTheSourceByteIncluded() {
        MarkSet set = new MarkSet(1_000_000);
        long slots = 2_097_152; // the power of two holding a million keys at a load of 0.6
        long bitWords = 2 * (slots / 64); // the seen and lenient-only bits
        assertThat(set.footprintBytes()).isEqualTo(slots * (Long.BYTES + 1) + bitWords * Long.BYTES)
                .isLessThan(1_000_000L * 20);
    }

    private static long sum(long[] counts) {
        return Arrays.stream(counts).sum();
    }
}
