package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** JSON paths over the documents applications store: arrays of objects, nested arrays, any depth. */
@Tag("fast")
class JsonExtractorTest {

    private static java.util.List<String> keys(String path, String json) throws UnreadableValueException {
        return Extracted.keys(new JsonExtractor(JsonPath.parse(path)), json);
    }

    @Test
    void findsAFieldOfEveryElementOfAnArray() throws UnreadableValueException {
        String json = "{\"title\":\"Trip\",\"images\":[{\"path\":\"uploads/a.jpg\",\"w\":300},"
                + "{\"w\":600,\"path\":\"uploads/b.jpg\"},{\"caption\":\"no file\"}]}";

        assertThat(keys("$.images[*].path", json)).containsExactly("uploads/a.jpg", "uploads/b.jpg");
        assertThat(keys("$['images'][1].path", json)).containsExactly("uploads/b.jpg");
    }

    @Test
    void findsAKeyAtAnyDepthWithTheRecursiveStep() throws UnreadableValueException {
        String json = "{\"file\":\"top.pdf\",\"blob\":{\"variants\":[[{\"file\":\"v/1.png\"}],"
                + "[{\"file\":\"v/2.png\",\"meta\":{\"file\":\"v/3.png\"}}]]},\"other\":\"x.png\"}";

        assertThat(keys("$..file", json)).containsExactlyInAnyOrder("top.pdf", "v/1.png", "v/2.png", "v/3.png");
    }

    @Test
    void aSelectedArrayOrObjectYieldsEveryStringInside() throws UnreadableValueException {
        assertThat(keys("$.images", "{\"images\":[\"a.jpg\",\"b.jpg\"],\"cover\":\"c.jpg\"}"))
                .containsExactly("a.jpg", "b.jpg");
        assertThat(keys("$[*]", "[\"a.jpg\",\"b.jpg\"]")).containsExactly("a.jpg", "b.jpg");
        assertThat(keys("$.*", "{\"x\":{\"deep\":\"d.jpg\"},\"y\":\"y.jpg\"}")).containsExactly("d.jpg", "y.jpg");
    }

    @Test
    void decodesJsonEscapesSuchAsPhpWritesThem() throws UnreadableValueException {
        assertThat(keys("$.file", "{\"file\":\"2024\\/05\\/caf\\u00e9.jpg\"}")).containsExactly("2024/05/café.jpg");
    }

    @Test
    void aValueWithoutThePathYieldsNothing() throws UnreadableValueException {
        assertThat(keys("$.images[*].path", "{\"images\":[]}")).isEmpty();
        assertThat(keys("$.images[*].path", "")).isEmpty();
        assertThat(keys("$.images[*].path", "null")).isEmpty();
    }

    @Test
    void malformedJsonIsUnreadable() {
        assertThatThrownBy(() -> keys("$..file", "{\"file\":\"a.jpg\",")).isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> keys("$..file", "{\"file\":\"a.jpg\"} trailing"))
                .isInstanceOf(UnreadableValueException.class);
    }

    @Test
    void refusesPathSyntaxItDoesNotSupport() {
        assertThatThrownBy(() -> JsonPath.parse("images[*]")).hasMessageContaining("must start with $");
        assertThatThrownBy(() -> JsonPath.parse("$.images[?(@.w > 1)].path")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> JsonPath.parse("$.images[0:2]")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> JsonPath.parse("$.images[*")).hasMessageContaining("unclosed");
    }
}
