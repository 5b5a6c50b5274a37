package dev.mediagc.hibernate;

/**
 * A file a row stopped naming, waiting for its delay to pass before it is checked and deleted.
 *
 * @param id unique across application instances (a UUID), so instances never need a sequence
 * @param key the store key, prefixes stripped
 * @param value the value as the row held it: one more spelling the re-check looks for
 * @param heldBy {@code Entity.attribute} that held it: its {@code keep} globs apply
 * @param releasedAt when the transaction that dropped it committed (epoch milliseconds)
 * @param attempts how many times a worker has taken it up before
 */
record PendingDeletion(String id, String key, String value, String heldBy, long releasedAt, int attempts) {

    static PendingDeletion released(MediaFileCleanup.Released released, String key, long releasedAt) {
        return new PendingDeletion(java.util.UUID.randomUUID().toString(), key, released.value(),
                released.attribute().entityName() + "." + released.attribute().path(), releasedAt, 0);
    }
}
