package dev.mediagc.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the published modules says in a class comment what it is (and, for API and
 * SPI types, its contract): the sources are parsed, not compiled, and each public or protected
 * type, top-level or nested (a type nested in an interface is public too), must carry a
 * {@code /** ... *}{@code /} comment.
 */
@Tag("fast")
class TypeCommentsTest {

    /** The modules whose jars are published; each module's test run starts in its own folder. */
    private static final List<String> PUBLISHED = List.of("mediagc-core", "mediagc-s3", "mediagc-s3-inventory", "mediagc-gcs", "mediagc-azure", "mediagc-hibernate",
            "mediagc-spring-boot-starter", "mediagc-cli", "mediagc-store-contract", "mediagc-spark");

    @Test
    void everyPublicTypeOfThePublishedModulesHasAClassComment() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        for (String module : PUBLISHED) {
            Path folder = root.resolve(module).resolve("src/main/java");
            assertThat(folder).as("sources of " + module).isDirectory();
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        assertThat(sources).hasSizeGreaterThan(100);
        assertThat(uncommentedPublicTypes(sources)).as("public types without a class comment").isEmpty();
    }

    @Test
    void findsAPublicTypeWithoutAComment(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        Path source = temp.resolve("Sample.java");
        Files.writeString(source, """
                package sample;

                /** Commented. */
                @Deprecated(since = "1",
                        forRemoval = false)
                public final class Sample {
                    public static final class Bare {
                    }

                    /** Commented too. */
                    public enum Kind { A }

                    private static final class Hidden {
                        public static final class InsideHidden {
                        }
                    }

                    /** A contract. */
                    public interface Contract {
                        record ImplicitlyPublic(int value) {
                        }
                    }
                }

                interface PackagePrivate {
                    record NotReachable(int value) {
                    }
                }
                """);

        assertThat(uncommentedPublicTypes(List.of(source))).containsExactlyInAnyOrder(
                "Sample.java: Bare", "Sample.java: ImplicitlyPublic");
    }

    private static Set<String> uncommentedPublicTypes(List<Path> sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Set<String> uncommented = new TreeSet<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostic -> { }, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String file = Path.of(unit.getSourceFile().toUri()).getFileName().toString();
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree type, Void unused) {
                        if (visible(getCurrentPath()) && docs.getDocComment(getCurrentPath()) == null) {
                            uncommented.add(file + ": " + type.getSimpleName());
                        }
                        return super.visitClass(type, unused);
                    }
                }.scan(unit, null);
            }
        }
        return uncommented;
    }

    /**
     * Reachable from another package: declared public or protected (or nested in an interface
     * without being private), inside types that are all reachable too.
     */
    private static boolean visible(TreePath path) {
        ClassTree type = (ClassTree) path.getLeaf();
        Set<Modifier> modifiers = type.getModifiers().getFlags();
        Tree enclosing = path.getParentPath().getLeaf();
        if (!(enclosing instanceof ClassTree outer)) {
            return enclosing instanceof CompilationUnitTree && modifiers.contains(Modifier.PUBLIC);
        }
        boolean declared = modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED)
                || !modifiers.contains(Modifier.PRIVATE)
                        && (outer.getKind() == Tree.Kind.INTERFACE || outer.getKind() == Tree.Kind.ANNOTATION_TYPE);
        return declared && visible(path.getParentPath());
    }
}
