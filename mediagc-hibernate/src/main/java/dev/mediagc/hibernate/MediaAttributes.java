package dev.mediagc.hibernate;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.mediagc.internal.reference.SqlIdentifier;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.dialect.Dialect;
import org.hibernate.mapping.BasicValue;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Component;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.Value;
import org.hibernate.property.access.spi.Getter;

/**
 * Finds every {@link MediaFile} attribute in a Hibernate mapping: on the entity, in embeddables at
 * any depth, and in {@code @ElementCollection}s of keys or of embeddables holding keys.
 */
final class MediaAttributes {

    private MediaAttributes() {
    }

    /** By entity name, in mapping order. */
    static Map<String, List<MediaAttribute>> scan(Metadata metadata, Dialect dialect) {
        List<MediaAttribute> all = new ArrayList<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            Class<?> type = entity.getMappedClass();
            if (type == null) {
                continue;
            }
            for (Property property : entity.getPropertyClosure()) {
                String top = property.getName();
                if (property.getValue() instanceof Component component && component.getComponentClass() != null) {
                    collectEmbedded(entity, top, top, component, Function.identity(), all, dialect);
                } else if (property.getValue() instanceof Collection collection) {
                    collectCollection(entity, top, property.getGetter(type), collection, all, dialect);
                } else {
                    MediaFile annotation = annotationOn(property.getGetter(type));
                    if (annotation != null) {
                        all.add(attribute(entity, top, top, Function.identity(), property.getValue(), annotation, dialect));
                    }
                }
            }
        }
        return all.stream().collect(Collectors.groupingBy(MediaAttribute::entityName, java.util.LinkedHashMap::new,
                Collectors.toList()));
    }

    /**
     * The file attributes inside an embeddable, at any depth: {@code read} turns the top-level
     * attribute's value into this embeddable's instance (null all the way down when a level is null).
     */
    private static void collectEmbedded(PersistentClass entity, String top, String path, Component component,
                                        Function<Object, Object> read, List<MediaAttribute> all, Dialect dialect) {
        Class<?> type = component.getComponentClass();
        for (Property part : component.getProperties()) {
            Getter getter = part.getGetter(type);
            Function<Object, Object> readPart = owner -> {
                Object embedded = read.apply(owner);
                return embedded == null ? null : getter.get(embedded);
            };
            String partPath = path + "." + part.getName();
            if (part.getValue() instanceof Component nested && nested.getComponentClass() != null) {
                collectEmbedded(entity, top, partPath, nested, readPart, all, dialect);
                continue;
            }
            if (part.getValue() instanceof Collection collection) {
                collectCollection(entity, partPath, getter, collection, all, dialect);
                continue;
            }
            MediaFile annotation = annotationOn(getter);
            if (annotation != null) {
                all.add(attribute(entity, partPath, top, readPart, part.getValue(), annotation, dialect));
            }
        }
    }

    /**
     * An element collection's keys: the collection itself when {@code @MediaFile} marks a collection
     * of basic values, else the marked attributes of its embeddable elements. Collections of
     * entities are skipped: their files belong to the entities' own attributes.
     */
    private static void collectCollection(PersistentClass entity, String path, Getter getter, Collection collection,
                                          List<MediaAttribute> all, Dialect dialect) {
        Value element = collection.getElement();
        if (element instanceof Component component && component.getComponentClass() != null) {
            collectElementParts(entity, path, collection, path, component, Function.identity(), all, dialect);
        } else if (element instanceof BasicValue) {
            MediaFile annotation = annotationOn(getter);
            if (annotation != null) {
                all.add(collectionAttribute(entity, path, path, collection, Function.identity(), element, annotation,
                        dialect));
            }
        }
    }

    /** The marked attributes of an embeddable element, at any depth; {@code read} turns an element into this level's instance. */
    private static void collectElementParts(PersistentClass entity, String collectionPath, Collection collection,
                                            String path, Component component, Function<Object, Object> read,
                                            List<MediaAttribute> all, Dialect dialect) {
        Class<?> type = component.getComponentClass();
        for (Property part : component.getProperties()) {
            Getter getter = part.getGetter(type);
            Function<Object, Object> readPart = element -> {
                Object embedded = read.apply(element);
                return embedded == null ? null : getter.get(embedded);
            };
            String partPath = path + "." + part.getName();
            if (part.getValue() instanceof Component nested && nested.getComponentClass() != null) {
                collectElementParts(entity, collectionPath, collection, partPath, nested, readPart, all, dialect);
                continue;
            }
            MediaFile annotation = annotationOn(getter);
            if (annotation != null) {
                all.add(collectionAttribute(entity, partPath, collectionPath, collection, readPart, part.getValue(),
                        annotation, dialect));
            }
        }
    }

    private static MediaAttribute collectionAttribute(PersistentClass entity, String path, String collectionPath,
                                                      Collection collection, Function<Object, Object> read, Value value,
                                                      MediaFile annotation, Dialect dialect) {
        Column column = columnOf(entity, path, value);
        Table table = collection.getCollectionTable();
        return new MediaAttribute(entity.getEntityName(), path, collectionPath, collection.getRole(), read,
                tableName(table, dialect), column.getQuotedName(dialect), List.of(annotation.keep()),
                qualifiedColumn(table, column));
    }

    private static Column columnOf(PersistentClass entity, String path, Value value) {
        for (Selectable selectable : value.getSelectables()) {
            if (selectable instanceof Column c) {
                return c;
            }
        }
        throw new IllegalStateException("@MediaFile " + entity.getEntityName() + "." + path + " is not mapped to a column");
    }

    private static MediaAttribute attribute(PersistentClass entity, String path, String property, Function<Object, Object> read,
                                            Value value, MediaFile annotation, Dialect dialect) {
        Column column = columnOf(entity, path, value);
        // Table per class: each concrete class's table holds every column, inherited ones too, while
        // the mapping of an inherited attribute names the superclass's table.
        Table table = entity instanceof org.hibernate.mapping.UnionSubclass ? entity.getTable() : value.getTable();
        return new MediaAttribute(entity.getEntityName(), path, property, null, read, tableName(table, dialect),
                column.getQuotedName(dialect), List.of(annotation.keep()), qualifiedColumn(table, column));
    }

    /**
     * The column as core's look-ups name it: each part quoted where the mapping quotes it, else
     * folded the way the database folds unquoted names (as Hibernate's own DDL left it).
     */
    private static SqlIdentifier qualifiedColumn(Table table, Column column) {
        List<SqlIdentifier.Part> parts = new ArrayList<>();
        Identifier schema = table.getSchemaIdentifier();
        if (schema != null) {
            parts.add(new SqlIdentifier.Part(schema.getText(), schema.isQuoted()));
        }
        Identifier name = table.getNameIdentifier();
        parts.add(new SqlIdentifier.Part(name.getText(), name.isQuoted()));
        parts.add(new SqlIdentifier.Part(column.getName(), column.isQuoted()));
        return new SqlIdentifier(parts);
    }

    private static String tableName(Table table, Dialect dialect) {
        String name = table.getQuotedName(dialect);
        String schema = table.getSchema();
        return schema == null ? name : schema + "." + name;
    }

    /** The annotation on the attribute's field or getter, whichever carries it. */
    private static MediaFile annotationOn(Getter getter) {
        Member member = getter.getMember();
        if (member instanceof AnnotatedElement element && element.isAnnotationPresent(MediaFile.class)) {
            return element.getAnnotation(MediaFile.class);
        }
        if (member instanceof Method method) {
            Field field = findField(method.getDeclaringClass(), propertyName(method.getName()));
            return field == null ? null : field.getAnnotation(MediaFile.class);
        }
        if (member instanceof Field field) {
            String name = field.getName();
            String capitalized = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            for (Class<?> c = field.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                try {
                    Method getterMethod = c.getDeclaredMethod("get" + capitalized);
                    return getterMethod.getAnnotation(MediaFile.class);
                } catch (NoSuchMethodException e) {
                    // try the superclass
                }
            }
        }
        return null;
    }

    private static String propertyName(String methodName) {
        String bare = methodName.startsWith("get") ? methodName.substring(3)
                : methodName.startsWith("is") ? methodName.substring(2) : methodName;
        return bare.isEmpty() ? bare : bare.substring(0, 1).toLowerCase(Locale.ROOT) + bare.substring(1);
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        return null;
    }
}
