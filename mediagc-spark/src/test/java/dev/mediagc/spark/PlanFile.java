package dev.mediagc.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A plan file's lines as the tests read them: header, candidates, trailer. */
record PlanFile(JsonNode header, List<JsonNode> candidates, JsonNode trailer, Path path) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PlanFile read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(JSON.readTree(line));
            }
        }
        return new PlanFile(lines.get(0), lines.subList(1, lines.size() - 1), lines.get(lines.size() - 1), file);
    }

    List<String> keys() {
        return candidates.stream().map(c -> c.get("key").asText()).toList();
    }

    /** Each candidate line as written, for exact comparison. */
    List<String> candidateLines() {
        return candidates.stream().map(JsonNode::toString).toList();
    }
}
