package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The media links of HTML and Markdown bodies as editors and CMSs write them. */
@Tag("fast")
class TextExtractorTest {

    private static final TextExtractor CDN_AND_PATH =
            new TextExtractor(List.of("https://cdn.example.com/media/", "/media/"));

    private static List<String> keys(TextExtractor extractor, String body) throws UnreadableValueException {
        return Extracted.keys(extractor, body);
    }

    @Test
    void findsImageSourcesLinksAndEverySrcsetCandidate() throws UnreadableValueException {
        String body = "<p>Intro</p><img class=\"wide\" src=\"/media/uploads/a.jpg\" "
                + "srcset=\"/media/a-300.jpg 300w, /media/a-600.jpg 600w,/media/a-900.jpg 2x\" alt=\"A\">"
                + "<a href='https://cdn.example.com/media/docs/report.pdf'>PDF</a>"
                + "<img data-lazy-src=/media/lazy.webp><video poster=\"/media/poster.png\"></video>";

        assertThat(keys(CDN_AND_PATH, body)).containsExactlyInAnyOrder("uploads/a.jpg", "a-300.jpg", "a-600.jpg",
                "a-900.jpg", "docs/report.pdf", "lazy.webp", "poster.png");
    }

    @Test
    void anEqualsSignInTheTextDoesNotHideTheAttributeAfterIt() throws UnreadableValueException {
        String body = "<p>Let x = \"the <img src=\"/media/inside.jpg\"> tag\" and y=<a href=/media/bare.pdf>y</a></p>"
                + "<p>myurl('/media/not-css.png') and <img alt=\"a=b\" src='/media/after.png'></p>";

        assertThat(keys(CDN_AND_PATH, body)).containsExactlyInAnyOrder("inside.jpg", "bare.pdf", "after.png");
    }

    @Test
    void decodesCharacterReferencesAndLeavesPercentEncodingToTheNormaliser() throws UnreadableValueException {
        String body = "<a href=\"https://cdn.example.com/media/doc%201.pdf\">1</a>"
                + "<img src=\"/media/Tom&amp;Jerry.png\"><img src=\"/media/caf&#xE9;&#46;jpg\">";

        assertThat(keys(CDN_AND_PATH, body)).contains("doc%201.pdf", "Tom&Jerry.png", "café.jpg");
    }

    @Test
    void findsCssUrlsQuotedAnyWay() throws UnreadableValueException {
        String body = "<div style=\"background:url('/media/bg.png')\"></div>"
                + "<div style=\"background-image: url(&quot;/media/bg2.png&quot;)\"></div>"
                + "<style>.hero { background: URL( /media/hero(1).png ) }</style>"
                + "<div style='background:url(\"/media/a(1).png\")'></div>";

        assertThat(keys(CDN_AND_PATH, body)).contains("bg.png", "bg2.png", "a(1).png");
    }

    @Test
    void findsMarkdownImagesLinksAndDefinitions() throws UnreadableValueException {
        String body = "# Title\n![alt](/media/x.png \"title\") and [the doc](</media/my doc.pdf>)\n"
                + "[![thumb](/media/t.png)](https://cdn.example.com/media/full.png)\n"
                + "Photo ![p](/media/photo(1).jpg) and ![e](/media/snake\\_case.png)\n\n"
                + "[ref]: /media/defined.gif \"Title\"\n";

        assertThat(keys(CDN_AND_PATH, body)).contains("x.png", "my doc.pdf", "t.png", "full.png", "photo(1).jpg",
                "snake_case.png", "defined.gif");
    }

    @Test
    void ignoresLinksToOtherHostsAndPathsOutsideThePrefixes() throws UnreadableValueException {
        String body = "<img src=\"https://other.example.org/media/a.jpg\"><a href=\"/about\">About</a>"
                + "<img src=\"//evil.example.net/media/b.jpg\"><a href=\"mailto:x@example.com\">x</a>"
                + "![x](https://other.example.org/media/c.png)<img src=\"/static/logo.png\">"
                + "<img src=\"http://cdn.example.com/media/mine.jpg\"><img src=\"//CDN.example.com/media/also.jpg\">";

        assertThat(keys(CDN_AND_PATH, body)).containsExactlyInAnyOrder("mine.jpg", "also.jpg");
    }

    @Test
    void withoutPrefixesEveryRelativePathCounts() throws UnreadableValueException {
        String body = "<img src=\"uploads/a.jpg\"><img src=\"/b.jpg\"><img src=\"https://x.org/c.jpg\"><a href=\"#top\">";

        assertThat(keys(new TextExtractor(List.of()), body)).containsExactlyInAnyOrder("uploads/a.jpg", "/b.jpg");
    }

    @Test
    void streamsABodyOfManyMegabytesAndFindsReferencesCutByEveryWindow() throws IOException {
        int images = 40_000;
        List<String> keys = new ArrayList<>();
        // A generated body of about 12 MB that is never held as one string.
        Reader body = new Reader() {
            private int image;
            private String chunk = "";
            private int at;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (at == chunk.length()) {
                    if (image == images) {
                        return -1;
                    }
                    chunk = "<p>" + "lorem ipsum ".repeat(20) + "</p><img src=\"/media/big/" + image
                            + ".jpg\" srcset=\"/media/big/" + image + "-2x.jpg 2x\">";
                    image++;
                    at = 0;
                }
                int n = Math.min(length, chunk.length() - at);
                chunk.getChars(at, at + n, buffer, offset);
                at += n;
                return n;
            }

            @Override
            public void close() {
            }
        };

        CDN_AND_PATH.extract(body, keys::add);

        assertThat(keys).hasSize(2 * images);
        assertThat(new java.util.HashSet<>(keys)).hasSize(2 * images)
                .contains("big/0.jpg", "big/39999-2x.jpg", "big/12345.jpg");
    }
}
