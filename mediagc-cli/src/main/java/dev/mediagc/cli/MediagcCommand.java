package dev.mediagc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "mediagc",
        mixinStandardHelpOptions = true,
        versionProvider = MediagcCommand.VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Finds the files in a media folder or bucket that no database row references any more, "
                + "and reports, quarantines or deletes them, without ever touching a referenced file.",
            "",
            "Start with 'mediagc demo' to see a sweep on a built-in example."},
        subcommands = {SweepCommand.class, ApplyCommand.class, PlanCommand.class, SparkPlanCommand.class, DiscoverCommand.class, RestoreCommand.class, RunsCommand.class, ReportCommand.class, PurgeCommand.class, PresetsCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"",
            ExitCode.SUMMARY})
final class MediagcCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MediagcCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof UsageException) {
                err.println("mediagc: " + FlagWording.of(e.getMessage()));
                return ExitCode.USAGE;
            }
            // Anything else happened after the run started: never a usage error, whatever its type.
            err.println("mediagc: " + FlagWording.of(e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("mediagc: " + FlagWording.of(e.getMessage()));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        return cli;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MediagcCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mediagc " + (version == null ? "(development build)" : version)};
        }
    }
}
