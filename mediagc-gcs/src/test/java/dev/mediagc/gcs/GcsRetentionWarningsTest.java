package dev.mediagc.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a bucket's soft delete policy and object versioning mean for the space mediagc frees, said in
 * plain words. Tested on values: the firebase-tools emulator serves no bucket metadata (no
 * {@code softDeletePolicy}, no {@code versioning}), so the store's bucket GET there finds nothing to
 * warn about (see {@code GcsStoreTest}).
 */
class GcsRetentionWarningsTest {

    @Test
    void softDeleteSaysForHowLongWhatMediagcDeletesOrQuarantinesStaysBilled() {
        assertThat(GcsStore.retentionWarnings("media", Duration.ofDays(7), false)).singleElement().asString()
                .contains("bucket media has soft delete on")
                .contains("deletes, or moves to quarantine")
                .contains("billed for 7 days more");
        assertThat(GcsStore.retentionWarnings("media", Duration.ofHours(36), null)).singleElement().asString()
                .contains("billed for 36 hours more");
        assertThat(GcsStore.retentionWarnings("media", Duration.ofDays(1), null)).singleElement().asString()
                .contains("billed for 1 day more");
    }

    @Test
    void versioningSaysThatNoncurrentVersionsStayBilledUntilALifecycleRule() {
        assertThat(GcsStore.retentionWarnings("media", null, true)).singleElement().asString()
                .contains("bucket media has object versioning on")
                .contains("noncurrent version")
                .contains("lifecycle rule");
    }

    @Test
    void bothAreSaidAndNothingWhenNeitherKeepsAnything() {
        assertThat(GcsStore.retentionWarnings("media", Duration.ofDays(90), true)).hasSize(2);
        assertThat(GcsStore.retentionWarnings("media", Duration.ZERO, false)).isEmpty();
        assertThat(GcsStore.retentionWarnings("media", null, null)).isEmpty();
    }
}
