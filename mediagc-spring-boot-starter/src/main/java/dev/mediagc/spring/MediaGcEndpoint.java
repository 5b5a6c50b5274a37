package dev.mediagc.spring;

import dev.mediagc.SweepReport;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/** {@code /actuator/mediagc}: GET the last report, POST to run a dry run now; {@link MediaGcWebEndpointExtension} adds its HTML page. */
@Endpoint(id = "mediagc")
public class MediaGcEndpoint {

    private final MediaGcSweeps sweeps;

    public MediaGcEndpoint(MediaGcSweeps sweeps) {
        this.sweeps = sweeps;
    }

    @ReadOperation
    public Object last() {
        SweepReport report = sweeps.last();
        return report == null ? Map.of("message", "no sweep has run yet; POST to run a dry run") : report;
    }

    @WriteOperation
    public SweepReport dryRun() {
        return sweeps.dryRun();
    }
}
