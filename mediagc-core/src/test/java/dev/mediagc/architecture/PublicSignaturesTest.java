package dev.mediagc.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a user of {@code dev.mediagc} or an author of a {@code dev.mediagc.spi} plug-in can see
 * names only API, SPI and JDK (or Jackson annotation) types: no public or protected method,
 * constructor, field, supertype or generic argument of a public type there mentions a type from
 * {@code dev.mediagc.internal}, which may change in any release.
 */
@Tag("fast")
class PublicSignaturesTest {

    private static final String INTERNAL = "dev.mediagc.internal.";

    @Test
    void apiAndSpiSignaturesNameNoInternalType() throws Exception {
        List<Class<?>> published = new ArrayList<>();
        published.addAll(publicTypesOf("dev.mediagc"));
        published.addAll(publicTypesOf("dev.mediagc.spi"));
        assertThat(published).as("the API and SPI types found").extracting(Class::getName)
                .contains("dev.mediagc.MediaGc", "dev.mediagc.SweepReport", "dev.mediagc.spi.ObjectStore");

        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : published) {
            leaks.addAll(leaksOf(type));
        }
        assertThat(leaks).as("public signatures naming a dev.mediagc.internal type").isEmpty();
    }

    /** Finds leaks on a type made for the purpose, so a finder that sees nothing cannot pass unnoticed. */
    @Test
    void findsAnInternalTypeHiddenInAGenericArgument() {
        assertThat(leaksOf(Leaky.class)).singleElement().asString()
                .contains("field internals").contains("dev.mediagc.internal.sweep.RunningTally");
    }

    /** A type whose one public field names an internal type, as {@code List<RunningTally>}. */
    public static final class Leaky {
        public List<dev.mediagc.internal.sweep.RunningTally> internals;
        private dev.mediagc.internal.sweep.RunningTally hidden;
    }

    private static List<Class<?>> publicTypesOf(String packageName) throws IOException, URISyntaxException {
        Path root = Path.of(MediaGc.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = root.resolve(packageName.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replaceFirst("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(packageName + "." + simple, false, MediaGc.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    continue;
                }
                if (isVisible(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** Public, and every enclosing type public too: reachable from outside the package. */
    private static boolean isVisible(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> leaksOf(Class<?> type) {
        Set<String> leaks = new TreeSet<>();
        String name = type.getName();
        check(leaks, name + " extends", type.getGenericSuperclass());
        for (Type implemented : type.getGenericInterfaces()) {
            check(leaks, name + " implements", implemented);
        }
        for (TypeVariable<?> variable : type.getTypeParameters()) {
            check(leaks, name + " type parameter " + variable.getName(), variable);
        }
        for (Field field : type.getDeclaredFields()) {
            if (exposed(field.getModifiers()) && !field.isSynthetic()) {
                check(leaks, name + " field " + field.getName(), field.getGenericType());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (exposed(constructor.getModifiers()) && !constructor.isSynthetic()) {
                String where = name + " constructor " + constructor.toGenericString();
                Stream.of(constructor.getGenericParameterTypes()).forEach(t -> check(leaks, where, t));
                Stream.of(constructor.getGenericExceptionTypes()).forEach(t -> check(leaks, where, t));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (exposed(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                String where = name + " method " + method.getName();
                check(leaks, where, method.getGenericReturnType());
                Stream.of(method.getGenericParameterTypes()).forEach(t -> check(leaks, where, t));
                Stream.of(method.getGenericExceptionTypes()).forEach(t -> check(leaks, where, t));
                Stream.of(method.getTypeParameters()).forEach(t -> check(leaks, where, t));
            }
        }
        return leaks;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Set<String> leaks, String where, Type type) {
        Set<String> named = new TreeSet<>();
        collect(type, named, new HashSet<>());
        named.stream().filter(n -> n.startsWith(INTERNAL)).forEach(n -> leaks.add(where + " names " + n));
    }

    private static void collect(Type type, Set<String> named, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            named.add(c.getName());
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), named, seen);
            collect(p.getOwnerType(), named, seen);
            Stream.of(p.getActualTypeArguments()).forEach(t -> collect(t, named, seen));
        } else if (type instanceof WildcardType w) {
            Stream.of(w.getUpperBounds()).forEach(t -> collect(t, named, seen));
            Stream.of(w.getLowerBounds()).forEach(t -> collect(t, named, seen));
        } else if (type instanceof TypeVariable<?> v) {
            Stream.of(v.getBounds()).forEach(t -> collect(t, named, seen));
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), named, seen);
        }
    }
}
