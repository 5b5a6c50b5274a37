package dev.mediagc.s3.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The hand-written reading of S3's time format gives what {@link Instant#parse} gives. */
@Tag("fast")
class CsvRowsTest {

    @Test
    void readsTheTimesS3WritesAsInstantParseDoes() {
        for (String time : new String[] {"2026-11-25T01:02:03.000Z", "1999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.123Z",
                "1970-01-01T00:00:00.000Z", "2026-11-25T01:02:03Z", "2026-11-25T01:02:03.123456Z"}) {
            assertThat(InventoryObjects.csvTime(time)).as(time).isEqualTo(Instant.parse(time));
        }
    }
}
