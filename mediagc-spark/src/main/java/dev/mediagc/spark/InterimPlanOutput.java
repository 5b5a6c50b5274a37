package dev.mediagc.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.StoredObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/** The plan format written here until core's plan writer is available. */
final class InterimPlanOutput implements PlanOutput {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path target;
    private final Path partial;
    private final Writer out;
    private String lastKey;
    private long candidates;
    private long bytes;
    private boolean committed;

    InterimPlanOutput(Path target, PlanFacts facts) throws IOException {
        this.target = target;
        Path folder = target.toAbsolutePath().getParent();
        this.partial = Files.createTempFile(folder, target.getFileName() + ".", ".partial");
        this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
        line(json -> {
            json.writeStringField("format", "mediagc-plan");
            json.writeNumberField("version", 1);
            json.writeStringField("created", facts.created().toString());
            json.writeStringField("engine", "spark");
            json.writeStringField("store", facts.store());
            json.writeStringField("database", facts.database());
            json.writeStringField("listedAsOf", facts.listedAsOf().toString());
            json.writeStringField("minAge", DurationParser.format(facts.minAge()));
            json.writeObjectFieldStart("figures");
            json.writeNumberField("objects", facts.objects());
            json.writeNumberField("referenced", facts.referenced());
            json.writeNumberField("orphans", facts.orphans());
            json.writeNumberField("orphanBytes", facts.orphanBytes());
            json.writeArrayFieldStart("sources");
            for (PlanFacts.SourceCount source : facts.sources()) {
                json.writeStartObject();
                json.writeStringField("source", source.identity());
                json.writeNumberField("values", source.values());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("warnings");
            for (String warning : facts.warnings()) {
                json.writeString(warning);
            }
            json.writeEndArray();
        });
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private void line(Fields fields) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        out.write('\n');
    }

    @Override
    public void candidate(StoredObject object) throws IOException {
        if (lastKey != null && KeyOrder.compare(lastKey, object.key()) >= 0) {
            throw new IllegalArgumentException("plan keys out of order: " + object.key() + " after " + lastKey);
        }
        lastKey = object.key();
        candidates++;
        bytes += object.size();
        line(json -> {
            json.writeStringField("key", object.key());
            json.writeNumberField("size", object.size());
            json.writeStringField("modified", object.lastModified() == null ? null : object.lastModified().toString());
            json.writeStringField("version", object.version());
            json.writeStringField("reason", "unreferenced");
        });
    }

    @Override
    public void commit() throws IOException {
        line(json -> {
            json.writeBooleanField("end", true);
            json.writeNumberField("candidates", candidates);
            json.writeNumberField("bytes", bytes);
        });
        out.close();
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                out.close();
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
