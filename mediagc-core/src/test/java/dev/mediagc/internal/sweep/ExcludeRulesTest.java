package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ExcludeRulesTest {

    @Test
    void aGlobWithASlashMatchesTheWholeKeyAndOneWithoutTheNameAtAnyDepth() {
        ExcludeRules rules = new ExcludeRules(List.of("cache/**", "*.tmp"));

        assertThat(rules.excludes("cache/2024/render.png")).isTrue();
        assertThat(rules.excludes("uploads/deep/partial.tmp")).isTrue();
        assertThat(rules.excludes("uploads/cache/render.png")).isFalse();
    }

    @Test
    void matchesLetterCaseAsWrittenUnlessTheRunIgnoresCase() {
        List<String> globs = List.of("cache/**", "*.TMP");

        ExcludeRules exact = new ExcludeRules(globs);
        assertThat(exact.excludes("Cache/render.png")).isFalse();
        assertThat(exact.excludes("uploads/partial.tmp")).isFalse();

        ExcludeRules folded = new ExcludeRules(globs, true);
        assertThat(folded.excludes("Cache/render.png")).isTrue();
        assertThat(folded.excludes("CACHE/2024/Render.PNG")).isTrue();
        assertThat(folded.excludes("uploads/partial.tmp")).isTrue();
        assertThat(folded.excludes("uploads/photo.jpg")).isFalse();
    }
}
