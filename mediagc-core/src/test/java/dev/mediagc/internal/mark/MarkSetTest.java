package dev.mediagc.internal.mark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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
    void costsUnderTwentyBytesAKey() {
        MarkSet set = new MarkSet(1_000_000);
        assertThat(set.footprintBytes()).isLessThan(1_000_000L * 20);
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
}
