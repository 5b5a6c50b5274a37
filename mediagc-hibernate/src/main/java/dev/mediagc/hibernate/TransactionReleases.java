package dev.mediagc.hibernate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.action.spi.AfterTransactionCompletionProcess;
import org.hibernate.action.spi.BeforeTransactionCompletionProcess;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys one transaction released, each once however many rows dropped it. Just before the
 * transaction commits (after its last flush) they are written to the outbox on the transaction's
 * own connection, so they commit or roll back with the change; after a commit, what could not be
 * written waits in memory instead; after a rollback, nothing happened.
 */
final class TransactionReleases implements BeforeTransactionCompletionProcess, AfterTransactionCompletionProcess {

    private static final Logger log = LoggerFactory.getLogger(TransactionReleases.class);

    private final MediaFileCleanup cleanup;
    private final Map<String, PendingDeletion> byKey = new LinkedHashMap<>();
    /** What is left for memory once the outbox has been written; null until then. */
    private List<PendingDeletion> inMemory;

    TransactionReleases(MediaFileCleanup cleanup) {
        this.cleanup = cleanup;
    }

    synchronized void add(PendingDeletion deletion) {
        byKey.putIfAbsent(deletion.key(), deletion);
    }

    @Override
    public void doBeforeTransactionCompletion(SessionImplementor session) {
        List<PendingDeletion> all;
        synchronized (this) {
            all = List.copyOf(byKey.values());
        }
        OutboxTable outbox = cleanup.outbox();
        if (outbox == null || all.isEmpty()) {
            inMemory = all;
            return;
        }
        long committing = cleanup.now();
        List<PendingDeletion> durable = new ArrayList<>();
        List<PendingDeletion> rest = new ArrayList<>();
        for (PendingDeletion d : all) {
            // Stamped now, as close to the commit as mediagc can see: the delay counts from here.
            PendingDeletion stamped = new PendingDeletion(d.id(), d.key(), d.value(), d.heldBy(), committing, 0);
            (OutboxTable.fits(stamped) ? durable : rest).add(stamped);
        }
        try {
            if (!durable.isEmpty()) {
                session.doWork(connection -> outbox.insertInTransaction(connection, durable));
            }
        } catch (RuntimeException e) {
            // Never fail the application's transaction: these wait in memory instead.
            log.warn("could not record {} pending deletion(s) in {} ({}); they wait in memory instead",
                    durable.size(), outbox.name(), e.getMessage());
            rest.addAll(durable);
        }
        inMemory = rest;
    }

    @Override
    public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
        cleanup.transactionEnded(session);
        if (!success) {
            return;
        }
        List<PendingDeletion> left;
        synchronized (this) {
            // No before-completion call (a transaction Hibernate did not see commit): all wait in memory.
            left = inMemory != null ? inMemory : List.copyOf(byKey.values());
        }
        long committed = cleanup.now();
        cleanup.committed(left.stream()
                .map(d -> new PendingDeletion(d.id(), d.key(), d.value(), d.heldBy(), committed, 0)).toList());
    }
}
