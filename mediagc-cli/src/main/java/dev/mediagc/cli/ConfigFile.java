package dev.mediagc.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mediagc.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code mediagc sweep --config FILE.yml}: a YAML mapping whose keys are the
 * command's flag names without the dashes. It declares no setting of its own: the command reads
 * each flag's value from it (see {@link ConfigFileDefaults}), so a flag and its key cannot part.
 */
final class ConfigFile {

    static final ConfigFile EMPTY = new ConfigFile("", Yaml.MAPPER.createObjectNode(), Map.of());

    /** Where the settings came from, for messages: "config file mediagc.yml". */
    private final String source;
    private final ObjectNode values;
    /** The line of each key in the file, for messages. */
    private final Map<String, Integer> lines;

    private ConfigFile(String source, ObjectNode values, Map<String, Integer> lines) {
        this.source = source;
        this.values = values;
        this.lines = lines;
    }

    /** Built on first use only: a run without --config should not pay for the YAML parser's start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    static ConfigFile read(Path file) {
        String source = "config file " + file;
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode tree = Yaml.MAPPER.readTree(bytes);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return new ConfigFile(source, Yaml.MAPPER.createObjectNode(), Map.of());
            }
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException(source + " must be a mapping of keys to values, e.g. 'min-age: 24h'");
            }
            return new ConfigFile(source, object, keyLines(bytes));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(source + " is malformed at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid YAML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Integer> keyLines(byte[] yaml) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = Yaml.MAPPER.getFactory().createParser(yaml)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && depth == 1) {
                    lines.putIfAbsent(parser.currentName(), parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    boolean has(String key) {
        JsonNode value = values.get(key);
        return value != null && !value.isNull();
    }

    /** A single value as text; null when the key is absent. */
    String text(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(source + ": '" + key + "' takes one value" + lineOf(key));
        }
        return value.asText();
    }

    /** A list, or a single value as a list of one; null when the key is absent. */
    List<String> list(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (!item.isValueNode()) {
                throw new IllegalArgumentException(source + ": '" + key + "' takes a list of values" + lineOf(key));
            }
            list.add(item.asText());
        }
        return list;
    }

    /** A mapping of names to values; null when the key is absent. */
    Map<String, String> map(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(source + ": '" + key + "' takes a mapping, e.g. 'name: value'" + lineOf(key));
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    /** Refuses a key no flag has, naming the nearest one: a misspelt guard must not go unnoticed. */
    void requireKnownKeys(Collection<String> known) {
        values.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "'" + lineOf(key)
                        + Settings.nearest(key, known).map(n -> "; did you mean '" + n + "'?")
                                .orElse("; the keys are the flag names without dashes ('mediagc sweep --help')"));
            }
        });
    }

    private String lineOf(String key) {
        Integer line = lines.get(key);
        return line == null ? "" : " at line " + line;
    }

    /**
     * These settings with a preset's beneath them: a preset's lists (references, rules, excludes)
     * are added to these, since dropping one could lose live files; its single values apply only
     * where these have none.
     */
    ConfigFile withPreset(String presetName, JsonNode presetSettings, Collection<String> knownKeys) {
        new ConfigFile("preset " + presetName, (ObjectNode) presetSettings, Map.of()).requireKnownKeys(knownKeys);
        ObjectNode merged = values.deepCopy();
        presetSettings.fields().forEachRemaining(field -> {
            JsonNode own = merged.get(field.getKey());
            if (field.getValue().isArray()) {
                ArrayNode both = Yaml.MAPPER.createArrayNode();
                if (own != null && own.isArray()) {
                    both.addAll((ArrayNode) own);
                } else if (own != null && !own.isNull()) {
                    both.add(own);
                }
                both.addAll((ArrayNode) field.getValue());
                merged.set(field.getKey(), both);
            } else if (own == null || own.isNull()) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return new ConfigFile(source, merged, lines);
    }
}
