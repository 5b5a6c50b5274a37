package dev.mediagc.internal.store;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Action;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A store nested in another ({@code media/tenant/} swept on its own, {@code media/} swept too):
 * the outer sweep never touches the tenant's state, quarantine or files.
 */
@Tag("fast")
class NestedStoreTest {

    @TempDir
    Path temp;

    /** A tenant folder with its own mediagc state, quarantine, an empty folder and unreferenced old files. */
    private static void tenantStore(SmallApp app, String folder) throws IOException {
        Path tenant = app.media.resolve(folder);
        Files.createDirectories(tenant.resolve(".mediagc/journal"));
        Files.createDirectories(tenant.resolve(".mediagc/quarantine/20260101T000000Z-abc/avatars"));
        Files.writeString(tenant.resolve(".mediagc/binding.json"), "{\"database\":\"the tenant's\"}");
        Files.writeString(tenant.resolve(".mediagc/journal/20260101T000000Z-abc.jsonl"), "{\"intent\":\"x\"}\n");
        Files.writeString(tenant.resolve(".mediagc/quarantine/20260101T000000Z-abc/avatars/quarantined.jpg"), "q");
        Files.createDirectories(tenant.resolve("empty/deeper"));
        app.write(folder + "/photos/Café 1.jpg", Duration.ofDays(10));
        app.write(folder + "/-early.jpg", Duration.ofDays(10)); // sorts before ".mediagc"
        app.write(folder + "/zebra.jpg", Duration.ofDays(10));
    }

    private static Map<String, String> everything(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? MediaTree.sha256(p) : "folder");
            }
        }
        return files;
    }

    @Test
    void anOuterSweepWithDeleteLeavesANestedStoresStateAndFilesUntouched() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.H2.create(temp), Files.createDirectories(temp.resolve("media")), 10, 4)) {
            tenantStore(app, "tenant");
            tenantStore(app, "customers/Ünïcode tenant");
            Map<String, String> tenantBefore = everything(app.media.resolve("tenant"));
            Map<String, String> unicodeTenantBefore = everything(app.media.resolve("customers/Ünïcode tenant"));

            SweepReport report = app.sweep().maxOrphanRatio(1).apply(Action.DELETE).removeEmptyFolders(true).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.deleted().samples()).containsExactlyInAnyOrderElementsOf(app.orphans);
            assertThat(report.otherStores().samples()).containsExactlyInAnyOrder("tenant", "customers/Ünïcode tenant");
            assertThat(report.warnings()).anyMatch(w -> w.contains("another store"));
            assertThat(everything(app.media.resolve("tenant"))).isEqualTo(tenantBefore);
            assertThat(everything(app.media.resolve("customers/Ünïcode tenant"))).isEqualTo(unicodeTenantBefore);
            for (String live : app.live) {
                assertThat(app.media.resolve(live)).exists();
            }
        }
    }

    @Test
    void theListingReportsTheNestedStoreAndNothingUnderIt() throws IOException {
        Path root = Files.createDirectories(temp.resolve("media"));
        Files.createDirectories(root.resolve("a/tenant/.mediagc"));
        Files.writeString(root.resolve("a/tenant/x.jpg"), "x");
        Files.createDirectories(root.resolve("a/tenant/sub"));
        Files.writeString(root.resolve("a/tenant/sub/y.jpg"), "y");
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/.mediagc"), "a file named .mediagc counts too: kept, not guessed at");
        Files.writeString(root.resolve("b/z.jpg"), "z");
        Files.writeString(root.resolve("a/own.jpg"), "own");
        List<String> objects = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        LocalStore.at(root).list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                objects.add(object.key());
            }

            @Override
            public void otherStore(String folderKey) {
                others.add(folderKey);
            }

            @Override
            public void emptyFolder(String key, java.time.Instant lastModified) {
                empty.add(key);
            }
        });
        assertThat(objects).containsExactly("a/own.jpg");
        assertThat(others).containsExactlyInAnyOrder("a/tenant", "b");
        assertThat(empty).isEmpty();
    }

    @Test
    void actionsRefuseKeysInsideAnyMediagcFolder() throws IOException {
        Path root = Files.createDirectories(temp.resolve("media"));
        Files.createDirectories(root.resolve("tenant/.mediagc/journal"));
        Files.writeString(root.resolve("tenant/.mediagc/binding.json"), "{}");
        LocalStore store = LocalStore.at(root);
        assertThatThrownBy(() -> store.delete("tenant/.mediagc/binding.json")).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> ManagedStore.of(store).quarantine("tenant/.mediagc/binding.json", "run1"))
                .isInstanceOf(UnsafeKeyException.class);
        assertThat(store.removeEmptyFolders(List.of("tenant/.mediagc/journal"))).isZero();
        assertThat(root.resolve("tenant/.mediagc/binding.json")).hasContent("{}");
        assertThat(root.resolve("tenant/.mediagc/journal")).isDirectory();
    }
}
