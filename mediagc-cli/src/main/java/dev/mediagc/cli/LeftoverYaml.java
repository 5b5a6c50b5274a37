package dev.mediagc.cli;

import dev.mediagc.internal.discover.Coverage;
import dev.mediagc.internal.discover.LeftoverProposal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Adds to a discovered config what its coverage showed: the coverage before and after the
 * proposals in the header, then the validated derived rules under {@code derived:} and the
 * excludes under {@code exclude:}, each with its evidence, and the folders left to the sweep as
 * comments.
 *
 * <p>Both kinds of proposal are written active: each only keeps files. A derived rule was checked
 * against referenced owners. An exclude is proposed only for a top folder in which nothing is
 * referenced or derived, which the database never names: left commented out, the first applied
 * sweep would quarantine the whole folder, and a folder no row names is as likely to hold files
 * the application needs (a plugin's assets, a cache it serves) as junk. The price of an active
 * exclude is that orphaned uploads in that folder are never swept, which the warning says.
 */
final class LeftoverYaml {

    private LeftoverYaml() {
    }

    /**
     * {@code yaml} with the coverage after its leading comments and the proposals at its end. A
     * section whose key {@code base} already holds is written as comments, to be merged by hand.
     */
    static String addTo(String yaml, ConfigFile base, Coverage before, LeftoverProposal proposal) {
        StringBuilder header = new StringBuilder();
        header.append("# Coverage, measured by marking these references as a sweep would and ")
                .append(before.sample() ? "judging a sample of the store's keys:\n" : "listing the whole store:\n");
        header.append("#   with the references alone: ").append(DiscoveryYaml.oneLine(before.summary())).append('\n');
        header.append("#   with the derived rules and excludes proposed below: ")
                .append(DiscoveryYaml.oneLine(proposal.after().summary())).append('\n');
        if (before.unexplainedCapped()) {
            header.append("#   (only the first ").append(before.unexplained().size())
                    .append(" unexplained objects were kept to look for patterns)\n");
        }
        int firstSetting = 0;
        while (firstSetting < yaml.length() && yaml.startsWith("#", firstSetting)) {
            firstSetting = yaml.indexOf('\n', firstSetting) + 1;
        }
        StringBuilder out = new StringBuilder(yaml.substring(0, firstSetting)).append(header)
                .append(yaml.substring(firstSetting));
        if (!yaml.endsWith("\n")) {
            out.append('\n');
        }
        out.append("# What is left: the objects the references above do not name.\n");
        derived(out, proposal.derivedRules(), base.has("derived"));
        excludes(out, proposal.excludes(), base.has("exclude"));
        leftFolders(out, proposal.leftFolders());
        return out.toString();
    }

    private static void derived(StringBuilder out, List<LeftoverProposal.ProposedRule> rules, boolean keyTaken) {
        if (rules.isEmpty()) {
            out.append("# No derived-looking pattern explains ").append(LeftoverProposal.MIN_EXPLAINED)
                    .append(" or more of them, so no derived rule is proposed.\n");
            return;
        }
        out.append("# Derived files: each rule below was checked against the store and keeps the objects counted,\n");
        out.append("# each beside a referenced owner. A rule keeps whatever matches it while its owner is\n");
        out.append("# referenced: remove one that would keep files you consider orphans.\n");
        String indent = keyTaken ? "#   " : "  ";
        out.append(keyTaken ? "# derived (add these to the derived list above):\n" : "derived:\n");
        for (LeftoverProposal.ProposedRule rule : rules) {
            out.append(indent).append("# ").append(DiscoveryYaml.oneLine(ruleEvidence(rule))).append('\n');
            if (rule.rule().contains("-*.") || rule.rule().contains("_*.")) {
                out.append(indent).append("# caution: it keeps any name STEM-ANYTHING beside a referenced STEM, a second "
                        + "upload (photo-1.jpg) too\n");
            }
            out.append(indent).append("- ").append(DiscoveryYaml.quoted(rule.rule())).append('\n');
        }
    }

    private static String ruleEvidence(LeftoverProposal.ProposedRule rule) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "keeps %,d unexplained objects, e.g. ",
                rule.explained()));
        for (int i = 0; i < rule.samples().size(); i++) {
            text.append(i == 0 ? "" : ", ").append('\'').append(DiscoveryYaml.shortened(rule.samples().get(i)))
                    .append("' beside '").append(DiscoveryYaml.shortened(rule.owners().get(i))).append('\'');
        }
        return text.toString();
    }

    private static void excludes(StringBuilder out, List<LeftoverProposal.ProposedExclude> excludes, boolean keyTaken) {
        if (excludes.isEmpty()) {
            out.append("# No top folder is left whose objects are all unexplained, so no exclude is proposed.\n");
            return;
        }
        out.append("# Excludes: nothing in these top folders is referenced or derived; the database never names them\n");
        out.append("# (a cache, a plugin's files). Excluded objects are never swept. WARNING: if such a folder holds\n");
        out.append("# uploads whose rows were deleted, excluding it keeps those orphans for good: delete its line.\n");
        String indent = keyTaken ? "#   " : "  ";
        out.append(keyTaken ? "# exclude (add these to the exclude list above):\n" : "exclude:\n");
        for (LeftoverProposal.ProposedExclude exclude : excludes) {
            out.append(indent).append("# ").append(DiscoveryYaml.oneLine(String.format(Locale.ROOT,
                    "%,d objects, none referenced or derived, e.g. %s", exclude.objects(), samples(exclude.samples()))))
                    .append('\n');
            out.append(indent).append("- ").append(DiscoveryYaml.quoted(exclude.glob())).append('\n');
        }
    }

    private static void leftFolders(StringBuilder out, List<LeftoverProposal.LeftFolder> folders) {
        if (folders.isEmpty()) {
            return;
        }
        out.append("# Left to the sweep: unexplained objects beside referenced ones, in folders named like those that\n");
        out.append("# hold referenced ones (2023-01/ beside 2023-02/), or too few to call a folder of their own:\n");
        out.append("# orphans, or files named by a reference discover did not find (check the samples):\n");
        for (LeftoverProposal.LeftFolder folder : folders) {
            out.append("#   ").append(DiscoveryYaml.oneLine(String.format(Locale.ROOT, "%s %,d unexplained beside %,d "
                            + "explained, e.g. %s", Coverage.folderName(folder.folder()), folder.unexplained(),
                    folder.explained(), samples(folder.samples())))).append('\n');
        }
    }

    private static String samples(List<String> samples) {
        return samples.stream().map(DiscoveryYaml::shortened).map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }
}
