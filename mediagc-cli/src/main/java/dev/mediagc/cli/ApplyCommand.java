package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.config.DurationParser;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mediagc apply PLAN}: acts on exactly the candidates of a plan made by
 * {@code mediagc sweep --plan}, with the sweep's flags and config file (the settings must be the
 * ones the plan was made with) and every guard of an applied sweep.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        defaultValueProvider = ConfigFileDefaults.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Act on the candidates of a plan made by 'mediagc sweep --plan FILE': quarantine them (the default) or "
                + "delete them (--action delete).",
            "",
            "Give it the database, references and settings the plan was made with (the same flags or --config): it "
                + "refuses a plan made for another store, database or settings, or older than --max-plan-age. Each "
                + "candidate is looked up again in a fresh complete mark and re-statted; one referenced or changed "
                + "since the plan is kept, and the report says so. Then every guard of an applied sweep runs "
                + "(--max-delete, --max-orphan-ratio, the last-run comparison, the lease, the journal) and a second "
                + "complete mark settles the moves.",
            "",
            "Example:",
            "  mediagc sweep --config media.yml --plan plan.jsonl.gz",
            "  mediagc plan show plan.jsonl.gz",
            "  mediagc apply plan.jsonl.gz --config media.yml",
            ""},
        footer = {"",
            "Safety: only the plan's candidates are touched, never an object the plan does not name; what was moved",
            "is journaled in STORE/.mediagc/journal/, and 'mediagc restore RUN_ID' puts it back.",
            ExitCode.SUMMARY})
final class ApplyCommand extends SweepCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file 'mediagc sweep --plan' wrote.")
    Path planFile;

    @Option(names = "--max-plan-age", paramLabel = "AGE",
            description = "Refuse a plan that shows the store as of longer ago than this, e.g. 36h or 3d (default: 7d).")
    String maxPlanAge;

    @Override
    SweepReport run(MediaGc engine) {
        return engine.apply(planFile);
    }

    @Override
    boolean impliesApply() {
        return true;
    }

    @Override
    void configureMore(MediaGc.Builder builder) {
        if (maxPlanAge != null) {
            builder.maxPlanAge(DurationParser.parse(maxPlanAge));
        }
    }
}
