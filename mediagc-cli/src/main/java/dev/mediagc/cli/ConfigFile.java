package dev.mediagc.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of {@code mediagc sweep --config FILE.yml}. Keys are the flag names without the
 * dashes; a flag given on the command line overrides the file.
 */
record ConfigFile(
        @JsonProperty("db") String db,
        @JsonProperty("db-user") String dbUser,
        @JsonProperty("db-password-env") String dbPasswordEnv,
        @JsonProperty("ref") List<String> ref,
        @JsonProperty("ref-sql") List<String> refSql,
        @JsonProperty("store") String store,
        @JsonProperty("strip-prefix") List<String> stripPrefix,
        @JsonProperty("ignore-case") Boolean ignoreCase,
        @JsonProperty("exclude") List<String> exclude,
        @JsonProperty("min-age") String minAge,
        @JsonProperty("apply") Boolean apply,
        @JsonProperty("action") String action,
        @JsonProperty("remove-empty-dirs") Boolean removeEmptyDirs,
        @JsonProperty("list-orphans") String listOrphans,
        @JsonProperty("list-orphans-format") String listOrphansFormat,
        @JsonProperty("report") String report,
        @JsonProperty("allow-empty-source") Boolean allowEmptySource,
        @JsonProperty("query-timeout") String queryTimeout,
        @JsonProperty("max-orphan-ratio") Double maxOrphanRatio,
        @JsonProperty("max-delete") Long maxDelete,
        @JsonProperty("force") Boolean force,
        @JsonProperty("rebind") Boolean rebind,
        @JsonProperty("batch-size") Integer batchSize,
        @JsonProperty("derived") List<String> derived,
        @JsonProperty("ref-json") List<String> refJson,
        @JsonProperty("ref-sql-json") List<String> refSqlJson,
        @JsonProperty("ref-php") List<String> refPhp,
        @JsonProperty("ref-sql-php") List<String> refSqlPhp,
        @JsonProperty("ref-wp-attachment") List<String> refWpAttachment,
        @JsonProperty("ref-sql-wp-attachment") List<String> refSqlWpAttachment,
        @JsonProperty("ref-text") List<String> refText,
        @JsonProperty("ref-sql-text") List<String> refSqlText,
        @JsonProperty("text-prefix") List<String> textPrefix,
        @JsonProperty("allow-unreadable-values") Boolean allowUnreadableValues,
        @JsonProperty("preset") List<String> preset,
        @JsonProperty("preset-params") java.util.Map<String, String> presetParams) {

    static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    /**
     * These settings with a preset's beneath them: a preset's lists (references, rules, excludes)
     * are added to these, since dropping one could lose live files; its single values apply only
     * where these have none.
     */
    ConfigFile withPreset(String presetName, com.fasterxml.jackson.databind.JsonNode presetSettings) {
        com.fasterxml.jackson.databind.node.ObjectNode merged = Yaml.MAPPER.valueToTree(this);
        presetSettings.fields().forEachRemaining(field -> {
            com.fasterxml.jackson.databind.JsonNode own = merged.get(field.getKey());
            if (field.getValue().isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode both = Yaml.MAPPER.createArrayNode();
                if (own != null && own.isArray()) {
                    both.addAll((com.fasterxml.jackson.databind.node.ArrayNode) own);
                } else if (own != null && !own.isNull()) {
                    both.add(own);
                }
                both.addAll((com.fasterxml.jackson.databind.node.ArrayNode) field.getValue());
                merged.set(field.getKey(), both);
            } else if (own == null || own.isNull()) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        try {
            return Yaml.MAPPER.treeToValue(merged, ConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalStateException("preset " + presetName + " uses an unknown key '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("preset " + presetName + " is malformed: " + e.getOriginalMessage());
        }
    }

    /** Built on first use only: a run without --config should not pay for the YAML parser's start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    static ConfigFile read(Path file) {
        try {
            ConfigFile config = Yaml.MAPPER.readValue(Files.readAllBytes(file), ConfigFile.class);
            return config == null ? EMPTY : config;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("config file " + file + ": unknown key '" + e.getPropertyName()
                    + "' at line " + e.getLocation().getLineNr() + "; known keys: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("config file " + file + " is malformed at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid YAML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
    }
}
