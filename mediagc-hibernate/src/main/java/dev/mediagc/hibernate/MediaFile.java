package dev.mediagc.hibernate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a persistent {@code String} attribute that holds a store key (on a field or a getter, in
 * an entity, a {@code @MappedSuperclass} or an {@code @Embeddable}). When the row is deleted or the
 * value replaced, the old file is deleted after the transaction commits, if no other row still
 * holds the key. The sweep finds the same columns through {@link MediaFileReferences}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface MediaFile {

    /** Keys (globs allowed, e.g. {@code defaults/*}) never deleted from this attribute: default and shared assets. */
    String[] keep() default {};
}
