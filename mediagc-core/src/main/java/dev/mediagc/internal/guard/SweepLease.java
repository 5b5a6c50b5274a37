package dev.mediagc.internal.guard;

import dev.mediagc.GuardRefusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.internal.store.StateFolder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import dev.mediagc.spi.StoredContent;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One applied sweep per store at a time: a lease in {@code .mediagc/lock.json}, renewed by a
 * heartbeat. A lease past its expiry (a crashed run) is taken over. A run that finds its lease
 * gone or taken stops acting at once: {@link #held()} turns false and stays false.
 *
 * <p>Every change of the lease is atomic in the store: it is taken with an exclusive create, and
 * taken over and renewed by compare-and-set on the version last read. Of two runs taking over
 * the same expired lease only one can win; a renewal fails if anyone changed the lease since.
 */
public final class SweepLease implements AutoCloseable {

    static final String FILE = "lock.json";
    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();
    private static final Logger log = LoggerFactory.getLogger(SweepLease.class);

    /** The lease file's content. */
    public record Lease(String owner, String host, long pid, Instant expiresAt) {
    }

    private final StateFolder state;
    private final String owner;
    private final Duration duration;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private volatile Instant validUntil;
    /** The version of the lease as this run last wrote it; what a renewal replaces. */
    private volatile String version;

    private SweepLease(StateFolder state, String owner, Duration duration, Clock clock) {
        this.state = state;
        this.owner = owner;
        this.duration = duration;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mediagc-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the lease for run {@code owner}, or refuses because another run holds it. */
    public static SweepLease acquire(StateFolder state, String owner, Duration duration, Clock clock)
            throws IOException, GuardRefusal {
        SweepLease lease = new SweepLease(state, owner, duration, clock);
        lease.take();
        long period = Math.max(50, duration.toMillis() / 3);
        lease.heartbeat.scheduleAtFixedRate(lease::renew, period, period, TimeUnit.MILLISECONDS);
        return lease;
    }

    private Lease mine() {
        return new Lease(owner, hostName(), ProcessHandle.current().pid(), clock.instant().plus(duration));
    }

    private void take() throws IOException, GuardRefusal {
        Lease ours = mine();
        byte[] bytes = JSON.writeValueAsBytes(ours);
        if (state.createIfAbsent(FILE, bytes)) {
            takenAs(ours);
            return;
        }
        Optional<StoredContent> stored = state.readVersioned(FILE);
        Optional<Lease> current = stored.map(this::parse);
        if (current.isPresent() && current.get().expiresAt().isAfter(clock.instant())) {
            Lease other = current.get();
            throw new GuardRefusal("another sweep (run " + other.owner() + " on " + other.host() + ", pid " + other.pid()
                    + ") holds this store's lock until " + other.expiresAt() + "; nothing was changed. Run again when it ends");
        }
        log.warn("taking over an expired sweep lock{}", current.map(l -> " of run " + l.owner()).orElse(""));
        boolean taken = stored.isEmpty()
                ? state.createIfAbsent(FILE, bytes) // released meanwhile
                : stored.get().version() != null && state.replaceIfVersion(FILE, bytes, stored.get().version());
        if (!taken) {
            throw new GuardRefusal("another sweep took this store's lock at the same moment; nothing was changed");
        }
        takenAs(ours);
    }

    /** Notes the version of the lease just written; a renewal must find exactly that one. */
    private void takenAs(Lease ours) throws IOException, GuardRefusal {
        Optional<StoredContent> written = state.readVersioned(FILE);
        if (written.isEmpty() || !owner.equals(parse(written.get()).owner())) {
            throw new GuardRefusal("another sweep took this store's lock at the same moment; nothing was changed");
        }
        version = written.get().version();
        validUntil = ours.expiresAt();
    }

    private Optional<Lease> read() throws IOException {
        return state.readVersioned(FILE).map(this::parse);
    }

    private Lease parse(StoredContent stored) {
        try {
            return JSON.readValue(stored.bytes(), Lease.class);
        } catch (IOException e) {
            // An unreadable lease is held by someone unknown for one full lease from now: a run
            // must never take over a lock it cannot read merely because it cannot read it.
            return new Lease("unknown", "unknown", -1, clock.instant().plus(duration));
        }
    }

    private void renew() {
        if (lost) {
            return;
        }
        try {
            Lease renewed = mine();
            if (!state.replaceIfVersion(FILE, JSON.writeValueAsBytes(renewed), version)) {
                Optional<Lease> current = read();
                loseLease("the lock was " + (current.isEmpty() ? "removed"
                        : owner.equals(current.get().owner()) ? "changed by someone else" : "taken by run " + current.get().owner()));
                return;
            }
            Optional<StoredContent> written = state.readVersioned(FILE);
            if (written.isEmpty() || !owner.equals(parse(written.get()).owner())) {
                loseLease("the lock was taken right after this run renewed it");
                return;
            }
            version = written.get().version();
            validUntil = renewed.expiresAt();
        } catch (IOException | RuntimeException e) {
            if (clock.instant().isAfter(validUntil)) {
                loseLease("the lock could not be renewed: " + e.getMessage());
            }
        }
    }

    private void loseLease(String why) {
        lost = true;
        log.error("run {} lost its sweep lock ({}); it stops acting now", owner, why);
    }

    /** Whether this run may still act: the lease was not lost and has not run out. */
    public boolean held() {
        if (lost) {
            return false;
        }
        if (clock.instant().isAfter(validUntil)) {
            loseLease("the lease ran out before a heartbeat renewed it");
            return false;
        }
        return true;
    }

    /** Checks the lease file itself; used before each batch so a takeover stops the run promptly. */
    public boolean confirm() {
        if (!held()) {
            return false;
        }
        try {
            Optional<Lease> current = read();
            if (current.isEmpty() || !owner.equals(current.get().owner())) {
                loseLease("the lock is no longer this run's");
                return false;
            }
            return true;
        } catch (IOException e) {
            return held();
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Optional<Lease> current = read();
            if (current.isPresent() && owner.equals(current.get().owner())) {
                state.delete(FILE);
            }
        } catch (IOException e) {
            log.warn("could not release the sweep lock ({}); it expires by itself", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
