package dev.mediagc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named bundles of settings for applications whose schema and file layout are fixed (WordPress,
 * Rails Active Storage, Paperclip, …): references, extractors, derived rules and excludes, written
 * in the keys of a {@code --config} file. A preset is plain configuration: {@code mediagc presets
 * show NAME} prints it, so users can read, copy and adapt it.
 *
 * <p>Each preset is a resource {@code presets/NAME.yml} beside this class, listed in
 * {@code presets/index}, holding a description, its parameters (with a default and a pattern
 * every value must match, since values end up in SQL) and the settings, where {@code ${name}}
 * stands for a parameter's value.
 */
final class Presets {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A preset's query spread over lines is shown as written, not as one escaped string.
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9-]*)}");

    private Presets() {
    }

    /** A preset's parameter: what it means, its default, and the values it accepts. */
    record Parameter(String name, String description, String defaultValue, Pattern pattern) {
    }

    record Preset(String name, String description, List<Parameter> parameters, JsonNode settings) {

        /** The settings with every parameter replaced: given values, else defaults. */
        JsonNode settingsWith(Map<String, String> given) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                String value = given.getOrDefault(p.name(), p.defaultValue());
                if (value == null || !p.pattern().matcher(value).matches()) {
                    throw new IllegalArgumentException("preset " + name + ": parameter " + p.name() + " is '" + value
                            + "'; it must match " + p.pattern().pattern() + " (" + p.description() + ")");
                }
                values.put(p.name(), value);
            }
            for (String key : given.keySet()) {
                if (!values.containsKey(key)) {
                    throw new IllegalArgumentException("preset " + name + " has no parameter '" + key + "'; its parameters: "
                            + parameters.stream().map(Parameter::name).toList());
                }
            }
            return substitute(settings.deepCopy(), values);
        }

        /** The plain configuration this preset stands for, as YAML a {@code --config} file takes as it is. */
        String plainYaml(Map<String, String> given) {
            try {
                return YAML.writeValueAsString(settingsWith(given));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every index on the class path counts, so a jar of an organisation's own presets can add to them. */
    static List<String> names() {
        try {
            List<String> names = new ArrayList<>();
            var indexes = Presets.class.getClassLoader().getResources("dev/mediagc/cli/presets/index");
            while (indexes.hasMoreElements()) {
                try (InputStream index = indexes.nextElement().openStream()) {
                    for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#") && !names.contains(line.strip())) {
                            names.add(line.strip());
                        }
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Preset named(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known presets: " + String.join(", ", names())
                    + " ('mediagc presets' describes them)");
        }
        try (InputStream in = Presets.class.getResourceAsStream("presets/" + name + ".yml")) {
            JsonNode root = YAML.readTree(in);
            List<Parameter> parameters = new ArrayList<>();
            JsonNode declared = root.path("parameters");
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                parameters.add(new Parameter(p.getKey(), p.getValue().path("description").asText(),
                        p.getValue().path("default").isMissingNode() ? null : p.getValue().path("default").asText(),
                        Pattern.compile(p.getValue().path("pattern").asText("[A-Za-z0-9_]*"))));
            }
            return new Preset(name, root.path("description").asText(), List.copyOf(parameters), root.path("settings"));
        } catch (IOException e) {
            throw new UncheckedIOException("preset " + name + " cannot be read", e);
        }
    }

    /**
     * How {@code mediagc discover} tells the preset's application by its schema: the preset file's
     * {@code fingerprint}, tables each with the columns it must have, names written with the
     * preset's parameters; a missing node when the preset declares none.
     */
    static JsonNode fingerprint(String name) {
        named(name); // the same check of the name
        try (InputStream in = Presets.class.getResourceAsStream("presets/" + name + ".yml")) {
            return YAML.readTree(in).path("fingerprint");
        } catch (IOException e) {
            throw new UncheckedIOException("preset " + name + " cannot be read", e);
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(substitute(field.getValue(), values)));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), values));
            }
            return array;
        }
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("preset uses ${" + m.group(1) + "} but declares no such parameter");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        return node;
    }
}
