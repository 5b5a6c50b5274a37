package dev.mediagc.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;

/** The spellings a reference value is marked under besides its normal form (issue 9, point 5). */
@Tag("fast")
class LenientFormsTest {

    private final KeyNormalizer normalizer = KeyNormalizer.of(
            List.of("/media/", "https://cdn.example.com/media/"), false);

    /** Whether a value, marked the way the Marker marks it, claims the store key. */
    private static boolean claims(KeyNormalizer normalizer, String value, String storeKey) {
        List<String> marked = new ArrayList<>(normalizer.lenientForms(value));
        marked.add(normalizer.normalize(value));
        return marked.contains(normalizer.normalize(storeKey));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" claims \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "media/p.jpg                                  | p.jpg",
            "./media/p.jpg                                | p.jpg",
            "//media/p.jpg                                | p.jpg",
            "MEDIA/p.jpg                                  | p.jpg",
            "/media/p.jpg?v=3                             | p.jpg",
            "/media/p.jpg#top                             | p.jpg",
            "/media/p.jpg?                                | p.jpg",
            "p.jpg?v=3                                    | p.jpg",
            "/media/caf%C3%A9.jpg                         | café.jpg",
            "/media/a%20b.jpg                             | a b.jpg",
            "/media/a b.jpg                               | a%20b.jpg",
            "/media/café.jpg                              | caf%C3%A9.jpg",
            "/media/(1) é.jpg                             | %281%29%20%C3%A9.jpg",
            "/media/(1) é.jpg                             | (1)%20%C3%A9.jpg",
            "/media/ファイル 1.png                        | ファイル%201.png",
            "http://cdn.example.com/media/u.jpg           | u.jpg",
            "//cdn.example.com/media/u.jpg                | u.jpg",
            "HTTPS://CDN.Example.com/media/u.jpg?w=200    | u.jpg",
            "https://cdn.example.com/media/s/caf%C3%A9%202.jpg?v=1#x | s/café 2.jpg",
            "https://other.example.net/img/u.jpg          | img/u.jpg",
            "media/sub/../p.jpg?v=1                       | p.jpg",
            "%2Fmedia%2Fp.jpg%3Fv%3D1                     | p.jpg",
            "https%3A%2F%2Fcdn.example.com%2Fmedia%2Fé.jpg | é.jpg",
            "/media/p.jpg ?v=1                       | p.jpg",
    })
    void aValueClaimsTheFileItsOtherSpellingNames(String value, String storeKey) {
        assertThat(claims(normalizer, value, storeKey)).isTrue();
    }

    @Test
    void blanksOfEveryKindAroundAValueAreDropped() {
        assertThat(claims(normalizer, "\u00a0/media/p.jpg\u00a0", "p.jpg")).isTrue();
        assertThat(claims(normalizer, "\uFEFFp.jpg\u200B", "p.jpg")).isTrue();
        assertThat(claims(normalizer, "/media/p.jpg\r\n", "p.jpg")).isTrue();
        assertThat(claims(normalizer, "  media/p.jpg  ", "p.jpg")).isTrue();
    }

    @Test
    void utf8ReadBackThroughLatin1IsRepaired() {
        assertThat(claims(normalizer, "/media/Stra\u00c3\u0178e.jpg", "Straße.jpg")).isTrue();   // ß = C3 9F, 9F is Ÿ in cp1252
        assertThat(claims(normalizer, "caf\u00c3\u00a9.jpg", "café.jpg")).isTrue();
        assertThat(claims(normalizer, "\u00e2\u201a\u00ac.jpg", "€.jpg")).isTrue();
        // ISO-8859-1 readers show 0x9F as the C1 control U+009F instead of Ÿ.
        assertThat(claims(normalizer, "Stra\u00c3\u009fe.jpg", "Straße.jpg")).isTrue();
    }

    @Test
    void theValueItselfStillNamesItsFileWhenItLooksLikeAnotherSpelling() {
        // Local file names may hold ? # % and mojibake-looking text: the lenient forms only add.
        for (String literal : List.of("a?b.jpg", "what#1.jpg", "100%.jpg", "caf%C3%A9.jpg", "Ã©t\u00e9.jpg", "media/p.jpg")) {
            assertThat(claims(normalizer, literal, literal)).as(literal).isTrue();
        }
    }

    @Test
    void lenientFormsDoNotClaimOtherFiles() {
        assertThat(claims(normalizer, "/media/p.jpg?v=3", "q.jpg")).isFalse();
        assertThat(claims(normalizer, "media/p.jpg", "media/q.jpg")).isFalse();
        assertThat(claims(normalizer, "café.jpg", "cafe.jpg")).isFalse();
        assertThat(normalizer.lenientForms("/media/p.jpg?v=3")).doesNotContain("p.jpg?v=4");
    }

    @Test
    void invalidPercentSequencesLeaveTheValueAsItIs() {
        assertThat(PercentCoding.decode("100%.jpg")).isNull();
        assertThat(PercentCoding.decode("%C3.jpg")).isNull();           // not UTF-8
        assertThat(PercentCoding.decode("50%25%20off.jpg")).isEqualTo("50% off.jpg");
        assertThat(claims(normalizer, "%zz%C3%A9.jpg", "%zzé.jpg")).isTrue();
    }

    @Test
    void spellingsTheNormalFormMergedBeforePercentDecodingAndCaseFoldingStayMerged() {
        // Decoding comes after the prefix and the dot segments, and folding starts from the lower
        // case, so no pair that matched before either was added can come apart.
        assertThat(normalizer.normalize("a%2Fb/../c")).isEqualTo(normalizer.normalize("c"));
        assertThat(normalizer.normalize("/media/%2Fmedia%2Fx.jpg")).isEqualTo(normalizer.normalize("%2Fmedia%2Fx.jpg"));
        assertThat(normalizer.normalize("/media/%20")).isEqualTo(normalizer.normalize("%20"));
        KeyNormalizer ignoring = KeyNormalizer.of(List.of("/media/"), true);
        assertThat(ignoring.normalize("ẞ.jpg")).isEqualTo(ignoring.normalize("ß.jpg"));
        assertThat(ignoring.normalize("/MEDIA/%C3%89T%C3%89.JPG")).isEqualTo(ignoring.normalize("%c3%a9t%c3%a9.jpg"));
    }

    @Test
    void aFileNamedByAnEscapeThatDecodesToNothingKeepsItsOwnName() {
        for (String literal : List.of("%20", "%2E", "%2e%2e", "photos/%2F", "%")) {
            assertThat(normalizer.normalize(literal)).as(literal).isNotNull();
            assertThat(claims(normalizer, literal, literal)).as(literal).isTrue();
        }
    }

    @Test
    void aValueNoLenientRuleAppliesToCostsNoExtraForm() {
        assertThat(normalizer.lenientForms("photos/2024/a-b_c.jpg")).isEmpty();
        assertThat(normalizer.lenientForms("photos/Été à 5 €.jpg")).isEmpty();
        assertThat(normalizer.lenientForms("/media/photos/a.jpg")).isEmpty();
        assertThat(normalizer.lenientForms("https://cdn.example.com/media/a.jpg")).isEmpty();
        assertThat(KeyNormalizer.of(List.of(), false).lenientForms("photos/a.jpg")).isEmpty();
    }

    @Test
    void formsPerValueAreBounded() {
        String hostile = "\u00a0HTTP://cdn.example.com/media/Stra\u00c3\u0178e (1) %C3%A9 #x.jpg?v=1#y\u00a0";
        assertThat(normalizer.lenientForms(hostile)).hasSizeLessThanOrEqualTo(LenientSpellings.MAX_FORMS);
        // ... and the fully cleaned-up form is among those kept.
        assertThat(claims(normalizer, hostile, "Straße (1) é ")).isTrue();
    }

    @Test
    void ignoringCaseMergesSpellingsThatLowerCasingAloneKeepsApart() {
        KeyNormalizer ignoring = KeyNormalizer.of(List.of(), true);
        assertThat(ignoring.normalize("İstanbul.jpg")).isEqualTo(ignoring.normalize("istanbul.jpg"))
                .isEqualTo(ignoring.normalize("ISTANBUL.JPG"));
        assertThat(ignoring.normalize("ΟΔΟΣ 1.jpg")).isEqualTo(ignoring.normalize("οδοσ 1.jpg"))
                .isEqualTo(ignoring.normalize("οδος 1.jpg"));
        assertThat(ignoring.normalize("Straße.jpg")).isEqualTo(ignoring.normalize("STRASSE.JPG"));
        assertThat(ignoring.normalize("Été.jpg")).isEqualTo(ignoring.normalize("ÉTÉ.JPG"))
                .isEqualTo(ignoring.normalize(Normalizer.normalize("été.jpg", Normalizer.Form.NFD)));
        assertThat(ignoring.normalize("ÆØÅ.jpg")).isEqualTo(ignoring.normalize("æøå.jpg"));
    }

    @Test
    void spellingsForThePointLookUpCoverThePrefixVariantsAndEncodings() {
        assertThat(normalizer.spellingsOf("p.jpg")).contains(
                "p.jpg", "/p.jpg", "./p.jpg", "/media/p.jpg", "media/p.jpg", "./media/p.jpg", "//media/p.jpg",
                "/media//p.jpg", "https://cdn.example.com/media/p.jpg", "http://cdn.example.com/media/p.jpg",
                "//cdn.example.com/media/p.jpg");
        assertThat(normalizer.spellingsOf("a b/café.jpg")).contains(
                "a%20b/caf%C3%A9.jpg", "/media/a%20b/caf%C3%A9.jpg", "a b/caf\u00c3\u00a9.jpg");
        assertThat(normalizer.spellingsOf("a%20b.jpg")).contains("a b.jpg", "/media/a b.jpg");
        // Every spelling offered must normalise back to the key through the mark's forms.
        for (String spelling : normalizer.spellingsOf("a b/café.jpg")) {
            assertThat(claims(normalizer, spelling, "a b/café.jpg")).as(spelling).isTrue();
        }
    }

    @Test
    void spellingsForTheLookUpIgnoringCaseIncludeWhatEachDatabaseLowerReturns() {
        KeyNormalizer ignoring = KeyNormalizer.of(List.of(), true);
        // SQLite's LOWER() (and PostgreSQL's in the C locale) lowers ASCII only.
        assertThat(ignoring.spellingsOf("Été.jpg")).contains("été.jpg", "Été.jpg", "ÉtÉ.jpg");
        assertThat(ignoring.spellingsOf("ÆØÅ.jpg")).contains("æøå.jpg", "ÆØÅ.jpg");
        assertThat(ignoring.spellingsOf("İstanbul.jpg")).contains("i\u0307stanbul.jpg", "istanbul.jpg", "İstanbul.jpg");
    }
}
