package dev.mediagc.spark;

import dev.mediagc.spi.StoredObject;
import java.io.IOException;

/**
 * Where the job writes its plan, candidate by candidate in key order; {@link #commit} makes it
 * visible in one step, {@link #close} without a commit leaves nothing behind. A run that fails
 * half way never leaves a plan that looks whole.
 */
interface PlanOutput extends AutoCloseable {

    void candidate(StoredObject object) throws IOException;

    /** Ends the plan (its trailer) and moves it into place. */
    void commit() throws IOException;

    /** Removes whatever was written unless committed. */
    @Override
    void close() throws IOException;
}
