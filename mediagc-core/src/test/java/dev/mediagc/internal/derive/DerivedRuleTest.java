package dev.mediagc.internal.derive;

import dev.mediagc.DerivedRuleException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;

/** The rule notation: each application's layout in one short rule, and one-line errors for bad rules. */
@Tag("fast")
class DerivedRuleTest {

    private static List<String> owners(String rule, String key) throws KeyPattern.TooAmbiguous {
        return DerivedRule.parse(rule).ownersOf(key, false);
    }

    @ParameterizedTest(name = "{0}: {1} <- {2}")
    @CsvSource(delimiter = '|', value = {
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}|2024/05/photo-150x150.jpg|2024/05/photo.jpg",
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}|2024/05/photo-scaled.jpg|2024/05/photo.jpg",
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}|photo-300x200.jpg|photo.jpg",
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}|fotos/Straße Foto-150x150.jpg|fotos/Straße Foto.jpg",
        "{dir}/{stem}@*.{ext} <- {dir}/{stem}.{ext}|icons/logo@2x.png|icons/logo.png",
        "{path}/{style}/{name} <- {path}/original/{name}|media_attachments/files/109/876/543/210/987/654/small/x y.png|media_attachments/files/109/876/543/210/987/654/original/x y.png",
        "va/ri/variants/{key}/** <- {key}|va/ri/variants/xkq2v9ab/3f1e0c|xkq2v9ab",
        "va/ri/variants/{key}/** <- {key}|va/ri/variants/xkq2v9ab/nested/3f1e0c|xkq2v9ab",
        "{a}/{b}/{a}{b}{rest} <- {a}{b}{rest}|xk/q2/xkq2v9ab|xkq2v9ab",
        "styles/{style}/public/{path} <- {path}|styles/thumbnail/public/2024/05/日本 写真.jpg|2024/05/日本 写真.jpg",
        "{id}/conversions/{name}-*.{ext} <- {id}/{name}.{ext}|17/conversions/avatar-thumb.jpg|17/avatar.jpg",
        "{id}/responsive-images/{name}___*.{ext} <- {id}/{name}.{ext}|17/responsive-images/avatar___media_library_original_340_280.jpg|17/avatar.jpg",
        "{dir}/{name}.* <- {dir}/{name}|2024/photo.jpg.webp|2024/photo.jpg",
        "{dir}/{stem}-*x*.{ext} <- {dir}/{stem}.{ext}|2024/photo-150x150.jpg|2024/photo.jpg",
    })
    void eachLayoutIsOneRule(String rule, String derived, String owner) throws Exception {
        assertThat(owners(rule, derived)).contains(owner);
    }

    @Test
    void everyWayAKeyMatchesIsTriedSoTheRightOwnerIsAmongThem() throws Exception {
        assertThat(owners("{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}", "2024/my-holiday photo-150x150.jpg"))
                .contains("2024/my.jpg", "2024/my-holiday photo.jpg");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}|2024/05/photo.jpg",
        "{path}/{style}/{name} <- {path}/original/{name}|x.png",
        "va/ri/variants/{key}/** <- {key}|va/ri/other/xkq2v9ab/3f1e0c",
        "{a}/{b}/{a}{b}{rest} <- {a}{b}{rest}|xk/q3/xkq2v9ab",
        "{stem}-*.{ext} <- {stem}.{ext}|2024/photo-1.jpg",
        "{dir}/{stem}-*x*.{ext} <- {dir}/{stem}.{ext}|2024/photo-1.jpg",
    })
    void aKeyOfAnotherShapeHasNoOwner(String rule, String key) throws Exception {
        assertThat(owners(rule, key)).isEmpty();
    }

    @Test
    void literalsMatchIgnoringCaseWhenTheSweepDoes() throws Exception {
        DerivedRule rule = DerivedRule.parse("va/ri/variants/{key}/** <- {key}");
        assertThat(rule.ownersOf("VA/RI/Variants/abc/d", true)).containsExactly("abc");
        assertThat(rule.ownersOf("VA/RI/Variants/abc/d", false)).isEmpty();
    }

    @Test
    void aKeyMatchingInTooManyWaysIsReportedSoTheCallerKeepsIt() {
        DerivedRule rule = DerivedRule.parse("{a}{b}{c}{d}{e}-* <- {a}/{b}/{c}/{d}/{e}");
        assertThatThrownBy(() -> rule.ownersOf("abcdefghijklmnopqrstuvwxyz0123456789-x", false))
                .isInstanceOf(KeyPattern.TooAmbiguous.class);
    }

    @Test
    void escapedBracesAndStarsAreLiterals() throws Exception {
        assertThat(owners("{dir}/\\{draft\\}\\*{name} <- {dir}/{name}", "a/{draft}*x.png")).containsExactly("a/x.png");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{dir}/{stem}-*.{ext}|needs exactly one '<-'",
        "a <- b <- c|needs exactly one '<-'",
        "' <- {key}'|the derived side is empty",
        "{dir}/{stem-*.{ext} <- {dir}/{stem}.{ext}|is not a placeholder",
        "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext|never closes it",
        "{dir}/{stem}-*.{ext} <- {dir}/*.{ext}|cannot hold * or **",
        "{dir}/{stem}-*.{ext} <- {dir}/{name}.{ext}|uses {name}, which the derived side does not bind",
        "{path} <- {path}|keeps nothing",
        "a/***/b <- b|'***'",
        "{1x}/a <- a|is not a placeholder",
        "{path}{dir}/a <- a|cannot touch",
        "a}/b <- b|without its '{'",
    })
    void aRuleThatCannotBeReadSaysWhyInOneLine(String rule, String reason) {
        assertThatThrownBy(() -> DerivedRule.parse(rule))
                .isInstanceOf(DerivedRuleException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("derived rule")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
