package dev.mediagc.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hears each row delete and update as Hibernate flushes it, inside the transaction: a delete
 * releases every {@link MediaFile} value of the row; an update releases the old values that
 * changed (the old state is Hibernate's loaded state, also for merged detached entities). The
 * released keys belong to the transaction ({@link TransactionReleases}): recorded with its commit,
 * forgotten with its rollback.
 */
final class CleanupListeners implements PostDeleteEventListener, PostUpdateEventListener {

    private final MediaFileCleanup cleanup;

    CleanupListeners(MediaFileCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        String entity = event.getPersister().getEntityName();
        if (!cleanup.tracks(entity)) {
            return;
        }
        List<MediaFileCleanup.Released> released = new ArrayList<>();
        for (MediaAttribute attribute : cleanup.attributesOf(entity)) {
            String value = attribute.keyIn(event.getPersister(), event.getDeletedState());
            if (value != null) {
                released.add(new MediaFileCleanup.Released(attribute, value));
            }
        }
        cleanup.release(event.getSession(), released);
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        String entity = event.getPersister().getEntityName();
        if (!cleanup.tracks(entity) || event.getOldState() == null) {
            // No loaded state (a detached update without a select): the old value is unknown; the sweep finds it.
            return;
        }
        List<MediaFileCleanup.Released> released = new ArrayList<>();
        for (MediaAttribute attribute : cleanup.attributesOf(entity)) {
            String before = attribute.keyIn(event.getPersister(), event.getOldState());
            String after = attribute.keyIn(event.getPersister(), event.getState());
            if (before != null && !Objects.equals(before, after)) {
                released.add(new MediaFileCleanup.Released(attribute, before));
            }
        }
        cleanup.release(event.getSession(), released);
    }
}
