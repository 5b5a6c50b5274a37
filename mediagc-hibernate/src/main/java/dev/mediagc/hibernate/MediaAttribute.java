package dev.mediagc.hibernate;

import java.util.List;
import java.util.function.Function;

/**
 * One {@link MediaFile} attribute as mapped: which top-level attribute of the entity holds its value,
 * and which table column holds it.
 *
 * @param property the entity's top-level attribute holding the value (the embedded attribute for a
 *     key inside an embeddable); its place in the state array is the persister's to say: Hibernate
 *     orders the state by its own rules (by name, superclass attributes among them), not by
 *     declaration nor by the boot model's property closure
 * @param read turns the state value at that index into the key (identity for a plain attribute,
 *     a getter on the embeddable instance for an embedded one)
 * @param table the table, quoted the database's way where the mapping quotes it
 * @param column the column, likewise
 */
record MediaAttribute(String entityName, String path, String property, Function<Object, Object> read,
                      String table, String column, List<String> keep) {

    /** The key this attribute holds in {@code state}, an entity state laid out as {@code persister} says. */
    String keyIn(org.hibernate.persister.entity.EntityPersister persister, Object[] state) {
        if (state == null) {
            return null;
        }
        int index = java.util.Arrays.asList(persister.getPropertyNames()).indexOf(property);
        if (index < 0 || index >= state.length || state[index] == null) {
            return null;
        }
        Object value = read.apply(state[index]);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
