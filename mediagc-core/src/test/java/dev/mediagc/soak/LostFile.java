package dev.mediagc.soak;

import java.util.List;

/**
 * A key that a committed row names, whose file the application saw in place after the commit, and
 * that is not in place with its content at the end.
 *
 * @param key      the file's key in the store
 * @param rows     the rows naming it (table#id)
 * @param where    what became of it: still in a quarantine run, gone, or other content
 * @param history  what the application did with the key, oldest first
 */
public record LostFile(String key, List<String> rows, String where, List<String> history) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("LOST ").append(key).append(" (named by ").append(String.join(", ", rows))
                .append("): ").append(where);
        history.forEach(h -> out.append("\n      ").append(h));
        return out.toString();
    }
}
