package dev.mediagc.internal.sweep;

import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Hands the spooled candidates to a consumer in {@link KeyOrder} of their raw keys, with memory
 * bounded by a chunk size rather than by the number of candidates: chunks are sorted and spilled
 * to temporary spools, then merged. A plan needs its candidates in key order.
 */
final class SortedCandidates {

    /** Candidates sorted in memory at a time (a few hundred bytes each). */
    static final int CHUNK = 250_000;

    private static final Comparator<StoredObject> ORDER = Comparator.comparing(StoredObject::key, KeyOrder.COMPARATOR);

    private SortedCandidates() {
    }

    interface Consumer {
        void accept(StoredObject object) throws IOException;
    }

    static void forEach(CandidateSpool candidates, int chunkSize, Consumer consumer) throws IOException {
        List<CandidateSpool> runs = new ArrayList<>();
        try {
            List<StoredObject> chunk = new ArrayList<>();
            try (CandidateSpool.Reader reader = candidates.reader(8192)) {
                for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                    for (StoredObject o : batch) {
                        chunk.add(o);
                        if (chunk.size() >= chunkSize) {
                            runs.add(spill(chunk));
                        }
                    }
                }
            }
            if (runs.isEmpty()) {
                chunk.sort(ORDER);
                for (StoredObject o : chunk) {
                    consumer.accept(o);
                }
                return;
            }
            runs.add(spill(chunk));
            merge(runs, consumer);
        } finally {
            for (CandidateSpool run : runs) {
                run.close();
            }
        }
    }

    private static CandidateSpool spill(List<StoredObject> chunk) throws IOException {
        chunk.sort(ORDER);
        CandidateSpool run = new CandidateSpool();
        for (StoredObject o : chunk) {
            run.add(o);
        }
        run.seal();
        chunk.clear();
        return run;
    }

    private static void merge(List<CandidateSpool> runs, Consumer consumer) throws IOException {
        List<Head> heads = new ArrayList<>();
        try {
            PriorityQueue<Head> queue = new PriorityQueue<>(Comparator.comparing(Head::current, ORDER));
            for (CandidateSpool run : runs) {
                Head head = new Head(run.reader(1024));
                heads.add(head);
                if (head.advance()) {
                    queue.add(head);
                }
            }
            while (!queue.isEmpty()) {
                Head smallest = queue.poll();
                consumer.accept(smallest.current());
                if (smallest.advance()) {
                    queue.add(smallest);
                }
            }
        } finally {
            for (Head head : heads) {
                head.reader.close();
            }
        }
    }

    /** One sorted run being merged: its current smallest candidate. */
    private static final class Head {
        private final CandidateSpool.Reader reader;
        private Iterator<StoredObject> batch = List.<StoredObject>of().iterator();
        private StoredObject current;

        Head(CandidateSpool.Reader reader) {
            this.reader = reader;
        }

        StoredObject current() {
            return current;
        }

        boolean advance() throws IOException {
            if (!batch.hasNext()) {
                batch = reader.next().iterator();
            }
            current = batch.hasNext() ? batch.next() : null;
            return current != null;
        }
    }
}
