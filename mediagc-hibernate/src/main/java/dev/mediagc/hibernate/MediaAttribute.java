package dev.mediagc.hibernate;

import java.util.List;
import java.util.function.Function;

/**
 * One {@link MediaFile} attribute as mapped: which attribute of the entity holds its value, and
 * which table column holds it. A key inside an {@code @ElementCollection} (a collection of keys, or
 * of embeddables holding keys) is an attribute too: its table is the collection table and its
 * column the element's column, so re-checks and sweeps read it like any other.
 *
 * @param property for a plain attribute, the entity's top-level attribute holding the value (the
 *     embedded attribute for a key inside an embeddable); its place in the state array is the
 *     persister's to say: Hibernate orders the state by its own rules (by name, superclass
 *     attributes among them), not by declaration nor by the boot model's property closure. For a
 *     collection attribute, the collection's path from the entity ({@code photos},
 *     {@code contact.photos})
 * @param collectionRole Hibernate's role of the element collection holding the key
 *     ({@code Listing.photos}), or null for an attribute of the row itself
 * @param read turns the state value at that index into the key (identity for a plain attribute,
 *     a getter on the embeddable instance for an embedded one); for a collection attribute it turns
 *     one element into the key
 * @param table the table, quoted the database's way where the mapping quotes it
 * @param column the column, likewise
 * @param qualifiedColumn the same column as core's look-ups name it ({@code SCHEMA.TABLE.COLUMN},
 *     each part quoted where the mapping quotes it), for the re-check before a delete
 */
record MediaAttribute(String entityName, String path, String property, String collectionRole,
                      Function<Object, Object> read, String table, String column, List<String> keep,
                      dev.mediagc.internal.reference.SqlIdentifier qualifiedColumn) {

    boolean inCollection() {
        return collectionRole != null;
    }

    /**
     * The key this attribute holds in {@code state}, an entity state laid out as {@code persister}
     * says; always null for a collection attribute, whose keys live in the collection's rows, not
     * in the owner's (see {@link CollectionListeners}).
     */
    String keyIn(org.hibernate.persister.entity.EntityPersister persister, Object[] state) {
        if (state == null || inCollection()) {
            return null;
        }
        int index = java.util.Arrays.asList(persister.getPropertyNames()).indexOf(property);
        if (index < 0 || index >= state.length || state[index] == null) {
            return null;
        }
        return asKey(read.apply(state[index]));
    }

    /** The key one element of this attribute's collection holds, or null. */
    String keyOfElement(Object element) {
        if (!inCollection() || element == null) {
            return null;
        }
        return asKey(read.apply(element));
    }

    private static String asKey(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
