package dev.mediagc.spark;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the plan output the job writes. */
final class PlanOutputs {

    private PlanOutputs() {
    }

    static PlanOutput open(Path plan, PlanFacts facts) throws IOException {
        return new InterimPlanOutput(plan, facts);
    }
}
