package dev.mediagc.internal.discover;

import dev.mediagc.internal.reference.extract.JsonPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON path to propose for the places keys were found in a sample's documents. Array
 * positions become {@code [*]}, so {@code images[0].path} and {@code images[3].path} give
 * {@code $.images[*].path}. When keys sat in several places, the path is their longest common
 * start, down to {@code $} (the whole document): the sweep's extractor yields every string beneath
 * the node a path selects, so a shorter path marks more, never less, and a key in a place the
 * sample did not show is still marked when it lies under that start.
 */
final class JsonPaths {

    /** Stands for any array position. */
    private static final Object ANY = new Object();
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    static final String WHOLE_DOCUMENT = "$";

    private JsonPaths() {
    }

    /** The path covering every one of {@code places} (field names and array positions from the root). */
    static String covering(List<List<Object>> places) {
        Set<List<Object>> general = new LinkedHashSet<>();
        for (List<Object> place : places) {
            general.add(place.stream().map(step -> step instanceof Integer ? ANY : step).toList());
        }
        if (general.isEmpty()) {
            return WHOLE_DOCUMENT;
        }
        List<Object> common = new ArrayList<>(general.iterator().next());
        for (List<Object> path : general) {
            int same = 0;
            while (same < common.size() && same < path.size() && common.get(same).equals(path.get(same))) {
                same++;
            }
            common.subList(same, common.size()).clear();
        }
        String written = written(common);
        if (written == null || !selectsAll(written, places)) {
            return WHOLE_DOCUMENT; // a name the path syntax cannot spell: the whole document is always safe
        }
        return written;
    }

    private static String written(List<Object> steps) {
        StringBuilder path = new StringBuilder(WHOLE_DOCUMENT);
        for (Object step : steps) {
            if (step == ANY) {
                path.append("[*]");
                continue;
            }
            String name = step.toString();
            if (PLAIN_NAME.matcher(name).matches()) {
                path.append('.').append(name);
            } else if (!name.contains("'")) {
                path.append("['").append(name).append("']");
            } else if (!name.contains("\"")) {
                path.append("[\"").append(name).append("\"]");
            } else {
                return null;
            }
        }
        return path.toString();
    }

    /** Whether the sweep's extractor, given {@code written}, yields the string at each place (selected itself or beneath a selected node). */
    private static boolean selectsAll(String written, List<List<Object>> places) {
        JsonPath path;
        try {
            path = JsonPath.parse(written);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (List<Object> place : places) {
            boolean selected = false;
            for (int depth = 0; depth <= place.size() && !selected; depth++) {
                selected = path.selects(place.subList(0, depth));
            }
            if (!selected) {
                return false;
            }
        }
        return true;
    }
}
