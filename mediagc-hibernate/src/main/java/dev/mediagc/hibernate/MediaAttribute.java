package dev.mediagc.hibernate;

import java.util.List;
import java.util.function.Function;

/**
 * One {@link MediaFile} attribute as mapped: where its value sits in the entity state, and which
 * table column holds it.
 *
 * @param stateIndex index in the persister's property state array
 * @param read turns the state value at that index into the key (identity for a plain attribute,
 *     a getter on the embeddable instance for an embedded one)
 * @param table the table, quoted the database's way where the mapping quotes it
 * @param column the column, likewise
 */
record MediaAttribute(String entityName, String path, int stateIndex, Function<Object, Object> read,
                      String table, String column, List<String> keep) {

    String keyIn(Object[] state) {
        if (state == null || stateIndex < 0 || stateIndex >= state.length || state[stateIndex] == null) {
            return null;
        }
        Object value = read.apply(state[stateIndex]);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
