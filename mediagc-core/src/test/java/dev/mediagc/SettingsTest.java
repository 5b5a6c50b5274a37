package dev.mediagc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.sweep.SweepSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog of sweep settings every front end is made from. */
class SettingsTest {

    @TempDir
    Path media;

    private MediaGc.Builder withStoreAndReference(MediaGc.Builder builder) {
        return builder.dataSource(new JdbcUrlDataSource("jdbc:h2:mem:unused", null, null))
                .reference("profile.avatar")
                .store(LocalStore.at(media));
    }

    @Test
    void eachDefaultAsWrittenReadsAsTheDefault() {
        assertThat(Settings.all()).filteredOn(s -> s.defaultValue() != null && !s.repeatable() && s.kind() != Setting.Kind.FLAG)
                .hasSizeGreaterThan(5)
                .allSatisfy(s -> assertThat(Settings.parse(s.name(), s.defaultText())).as(s.name()).isEqualTo(s.defaultValue()));
        assertThat(Settings.all()).filteredOn(s -> s.kind() == Setting.Kind.FLAG).hasSizeGreaterThan(5)
                .allSatisfy(s -> assertThat(s.defaultValue()).as("%s is off unless asked for", s.name()).isEqualTo(false));
    }

    @Test
    void theCatalogsDefaultsAreTheBuildersOwn() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        Settings.all().stream().filter(s -> s.defaultValue() != null).forEach(s -> defaults.put(s.name(), s.defaultValue()));

        SweepSettings untouched = withStoreAndReference(MediaGc.configure()).load().settings();
        SweepSettings defaulted = withStoreAndReference(Settings.applyTo(MediaGc.configure(), defaults)).load().settings();

        assertThat(defaulted.minAge()).isEqualTo(untouched.minAge());
        assertThat(defaulted.batchSize()).isEqualTo(untouched.batchSize());
        assertThat(defaulted.safety()).isEqualTo(untouched.safety());
        assertThat(defaulted.action()).isEqualTo(untouched.action()).isNull();
        assertThat(defaulted.removeEmptyFolders()).isEqualTo(untouched.removeEmptyFolders());
        assertThat(defaulted.allowEmptySource()).isEqualTo(untouched.allowEmptySource());
        assertThat(defaulted.excludes()).isEqualTo(untouched.excludes());
    }

    @Test
    void valuesAreReadFromTextOrTypedAndReachTheEngine() {
        Map<String, Object> values = Map.of("min-age", "6h", "max-delete", 1000, "batch-size", "50",
                "exclude", List.of("*.tmp"), "max-orphan-ratio", "0.2", "lease-duration", Duration.ofMinutes(2));

        SweepSettings settings = withStoreAndReference(Settings.applyTo(MediaGc.configure(), values)).load().settings();

        assertThat(settings.minAge()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.safety().maxActions()).isEqualTo(1000);
        assertThat(settings.batchSize()).isEqualTo(50);
        assertThat(settings.excludes()).containsExactly("*.tmp");
        assertThat(settings.safety().maxOrphanRatio()).isEqualTo(0.2);
        assertThat(settings.safety().leaseDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void itActsOnlyWhenAppliedAndWithTheActionChosen() {
        assertThat(withStoreAndReference(Settings.applyTo(MediaGc.configure(), Map.of("action", "delete")))
                .load().settings().action()).as("a dry run without apply").isNull();
        assertThat(withStoreAndReference(Settings.applyTo(MediaGc.configure(), Map.of("apply", "true")))
                .load().settings().action()).isEqualTo(Action.QUARANTINE);
        assertThat(withStoreAndReference(Settings.applyTo(MediaGc.configure(), Map.of("apply", true, "action", "DELETE")))
                .load().settings().action()).isEqualTo(Action.DELETE);
    }

    @Test
    void aRefusedValueNamesItsSetting() {
        assertThatThrownBy(() -> Settings.parse("batch-size", "0")).hasMessageContaining("`batch-size`");
        assertThatThrownBy(() -> Settings.parse("max-orphan-ratio", 1.5)).hasMessageContaining("`max-orphan-ratio`");
        assertThatThrownBy(() -> Settings.parse("min-age", "soon")).hasMessageContaining("`min-age`");
        assertThatThrownBy(() -> Settings.parse("action", "shred")).hasMessageContaining("quarantine or delete");
        assertThatThrownBy(() -> Settings.parse("force", "yes")).hasMessageContaining("`force` is true or false");
        assertThatThrownBy(() -> Settings.parse("lease-duration", "5s")).hasMessageContaining("at least 10s");
    }

    @Test
    void anUnknownNameIsRefusedNamingTheNearest() {
        assertThatThrownBy(() -> Settings.applyTo(MediaGc.configure(), Map.of("max-delet", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`max-delet`").hasMessageContaining("did you mean `max-delete`?");
        assertThat(Settings.nearest("refs", List.of("ref", "ref-sql", "store"))).contains("ref");
        assertThat(Settings.nearest("frobnicate", List.of("ref", "store"))).isEmpty();
    }
}
