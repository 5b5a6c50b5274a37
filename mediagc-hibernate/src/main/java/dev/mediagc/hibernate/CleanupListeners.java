package dev.mediagc.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate's post-commit listeners: called only after the transaction committed, never on a
 * rollback. A delete releases every {@link MediaFile} value of the row; an update releases the
 * old values that changed (the old state is Hibernate's loaded state, also for merged detached
 * entities).
 */
final class CleanupListeners implements PostCommitDeleteEventListener, PostCommitUpdateEventListener {

    private final MediaFileCleanup cleanup;

    CleanupListeners(MediaFileCleanup cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return cleanup.tracks(persister.getEntityName());
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
        cleanup.afterCommit(released);
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
        cleanup.afterCommit(released);
    }

    @Override
    public void onPostDeleteCommitFailed(PostDeleteEvent event) {
        // The row is still there, and so is its file.
    }

    @Override
    public void onPostUpdateCommitFailed(PostUpdateEvent event) {
        // The old value is still in the row; its file stays.
    }
}
