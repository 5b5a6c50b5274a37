package dev.mediagc.cli;

import dev.mediagc.internal.discover.SchemaTables;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a WordPress site serves its uploads, as its post bodies link them: WordPress's own settings
 * first ({@code upload_url_path} when set, else {@code siteurl} + {@code /wp-content/uploads/}, as
 * wp_upload_dir() builds it), else the URL prefix before {@code wp-content/uploads/} whose links in
 * a sample of bodies name the most stored files.
 */
final class WordPressUploadsUrl {

    static final String PARAMETER = "uploads-url";
    private static final int BODIES = 500;
    private static final Pattern LINK = Pattern.compile(
            "((?:https?:)?//[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+-]+)*?/wp-content/uploads/)([^\\s\"'<>?#]+)");

    private WordPressUploadsUrl() {
    }

    static InferredParameter infer(SchemaReader reader, String prefix, List<SchemaTables.Table> schema) throws SQLException {
        String options = prefix + "options";
        boolean hasOptions = schema.stream().anyMatch(t -> t.name().equals(options)
                && t.columns().containsAll(List.of("option_name", "option_value")));
        if (hasOptions) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (List<String> row : reader.rows("SELECT option_name, option_value FROM " + reader.table(options)
                    + " WHERE option_name IN ('siteurl', 'upload_url_path')")) {
                settings.put(row.get(0), row.get(1) == null ? "" : row.get(1).strip());
            }
            String path = settings.getOrDefault("upload_url_path", "");
            if (!path.isEmpty()) {
                return new InferredParameter(PARAMETER, path.endsWith("/") ? path : path + "/",
                        options + " row upload_url_path is '" + path + "'");
            }
            String site = settings.getOrDefault("siteurl", "");
            if (!site.isEmpty()) {
                return new InferredParameter(PARAMETER, (site.endsWith("/") ? site : site + "/") + "wp-content/uploads/",
                        options + " row siteurl is '" + site + "' (no upload_url_path), plus wp-content/uploads/");
            }
        }
        return fromBodies(reader, prefix + "posts", hasOptions ? options + " has neither siteurl nor upload_url_path"
                : "no " + options + " table");
    }

    private static InferredParameter fromBodies(SchemaReader reader, String posts, String why) throws SQLException {
        Map<String, int[]> linksAndHits = new LinkedHashMap<>();
        List<List<String>> bodies = reader.rows("SELECT post_content FROM " + reader.table(posts)
                + " WHERE post_content LIKE '%/wp-content/uploads/%' LIMIT " + BODIES);
        for (List<String> body : bodies) {
            Matcher link = LINK.matcher(body.get(0) == null ? "" : body.get(0));
            while (link.find()) {
                int[] tally = linksAndHits.computeIfAbsent(link.group(1), p -> new int[2]);
                tally[0]++;
                if (reader.stored(decoded(link.group(2)))) {
                    tally[1]++;
                }
            }
        }
        Map.Entry<String, int[]> best = linksAndHits.entrySet().stream()
                .filter(e -> e.getValue()[1] > 0)
                .max((a, b) -> a.getValue()[1] != b.getValue()[1] ? Integer.compare(a.getValue()[1], b.getValue()[1])
                        : Integer.compare(a.getValue()[0], b.getValue()[0]))
                .orElse(null);
        if (best == null) {
            return InferredParameter.notFound(PARAMETER, why + ", and no link in " + bodies.size() + " sampled bodies of "
                    + posts + " names a stored file: set it to where the uploads are served, e.g. "
                    + "https://example.com/wp-content/uploads/ (the sweep refuses to start without it)");
        }
        return new InferredParameter(PARAMETER, best.getKey(), String.format(Locale.ROOT,
                "%s; in %d sampled bodies of %s, %d of %d links under this prefix name stored files (%d prefixes seen)",
                why, bodies.size(), posts, best.getValue()[1], best.getValue()[0], linksAndHits.size()));
    }

    private static String decoded(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path; // a stray % is part of the name
        }
    }
}
