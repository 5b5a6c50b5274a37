package dev.mediagc.hibernate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PreCollectionRemoveEvent;
import org.hibernate.event.spi.PreCollectionRemoveEventListener;
import org.hibernate.event.spi.PreCollectionUpdateEvent;
import org.hibernate.event.spi.PreCollectionUpdateEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the {@code @ElementCollection}s holding {@link MediaFile} keys as Hibernate flushes them,
 * inside the transaction, and releases the keys whose rows go: an update releases what the stored
 * snapshot (the rows as loaded) had and the collection no longer has; a removal (the owner deleted,
 * or the collection replaced or set to null) releases every row, less what the owner holds in the
 * collection's place. Like {@link CleanupListeners}, the keys belong to the transaction.
 */
final class CollectionListeners implements PreCollectionUpdateEventListener, PreCollectionRemoveEventListener {

    private static final Logger log = LoggerFactory.getLogger(CollectionListeners.class);

    private final MediaFileCleanup cleanup;

    CollectionListeners(MediaFileCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public void onPreUpdateCollection(PreCollectionUpdateEvent event) {
        PersistentCollection<?> collection = event.getCollection();
        String role = collection.getRole();
        if (!cleanup.tracksCollection(role) || !collection.wasInitialized()) {
            // Never loaded, yet updated: only queued additions, so none of its rows goes.
            return;
        }
        release(event.getSession(), role, elementsOf(collection.getStoredSnapshot()), elementsOf(collection.getValue()));
    }

    @Override
    public void onPreRemoveCollection(PreCollectionRemoveEvent event) {
        PersistentCollection<?> collection = event.getCollection();
        String role = collection.getRole();
        if (!cleanup.tracksCollection(role)) {
            return;
        }
        if (!collection.wasInitialized() && !loadBeforeItsRowsGo(collection)) {
            return;
        }
        release(event.getSession(), role, elementsOf(collection.getStoredSnapshot()),
                heldInItsPlace(event, collection));
    }

    /**
     * A collection never loaded is removed with one {@code DELETE … WHERE owner = ?}, its rows
     * unseen; the owner's row (deleted last in a flush) and the collection's rows are still there,
     * so they are read now. If that fails the keys are left to the sweep, never the flush failed.
     */
    private static boolean loadBeforeItsRowsGo(PersistentCollection<?> collection) {
        try {
            collection.forceInitialization();
            return true;
        } catch (RuntimeException e) {
            log.warn("could not read the elements of {} before its rows were deleted ({}); its files are left to the sweep",
                    collection.getRole(), e.toString());
            return false;
        }
    }

    /**
     * What the owner holds where the removed collection was: the new collection when it was
     * replaced (Hibernate removes the old instance, then recreates the new), nothing when the owner
     * is deleted or unknown. Keys kept across a replacement are not released.
     */
    private List<Object> heldInItsPlace(PreCollectionRemoveEvent event, PersistentCollection<?> removed) {
        Object owner = event.getAffectedOwnerOrNull();
        if (owner == null) {
            return List.of();
        }
        EventSource session = event.getSession();
        EntityEntry entry = session.getPersistenceContextInternal().getEntry(owner);
        if (entry == null || entry.getStatus() == Status.DELETED || entry.getStatus() == Status.GONE) {
            return List.of();
        }
        String path = cleanup.attributesOfCollection(removed.getRole()).get(0).property();
        Object current = entry.getPersister().getPropertyValue(owner, path);
        if (current == removed) {
            // The owner lives and still holds this very instance (removed to be recreated, e.g. under
            // a new owner key): release it all; the re-check after commit keeps what rows hold again.
            return List.of();
        }
        if (current instanceof PersistentCollection<?> persistent && !persistent.wasInitialized()) {
            return List.of(); // unknown: release all, the re-check after commit keeps what rows still hold
        }
        return elementsOf(current);
    }

    private void release(EventSource session, String role, List<Object> before, List<Object> after) {
        List<MediaFileCleanup.Released> released = new ArrayList<>();
        for (MediaAttribute attribute : cleanup.attributesOfCollection(role)) {
            Set<String> gone = keysOf(attribute, before);
            gone.removeAll(keysOf(attribute, after));
            gone.forEach(key -> released.add(new MediaFileCleanup.Released(attribute, key)));
        }
        cleanup.release(session, released);
    }

    private static Set<String> keysOf(MediaAttribute attribute, List<Object> elements) {
        Set<String> keys = new LinkedHashSet<>();
        for (Object element : elements) {
            String key = attribute.keyOfElement(element);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The elements of a collection or of its snapshot: a list or bag snapshot is a list, a set's
     * is a map from element to element, a map's (and an id bag's) a map to the elements, an
     * array's an array.
     */
    private static List<Object> elementsOf(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new ArrayList<>(map.values());
        }
        if (value instanceof java.util.Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return List.of();
    }
}
