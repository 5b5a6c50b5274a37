package dev.mediagc.internal.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spi.KeyOrder;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a plan file written by {@link PlanWriter} (or any tool writing its format), one candidate
 * at a time. Reading to the end checks the trailer: a plan cut short, out of order or holding a
 * key twice fails with {@link PlanFileException} when its end is reached, so a caller that must
 * not act on part of a plan reads it through once ({@link #check(Path)}) before acting.
 */
public final class PlanReader implements Closeable {

    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();

    private final Path file;
    private final BufferedReader in;
    private final PlanHeader header;
    private long line = 1;
    private String lastKey;
    private long candidates;
    private long bytes;
    private boolean ended;

    private PlanReader(Path file, BufferedReader in, PlanHeader header) {
        this.file = file;
        this.in = in;
        this.header = header;
    }

    /** Opens {@code file} and reads its header; gzip-compressed or plain. */
    public static PlanReader open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new PlanFileException("no plan file at " + file + "; make one with 'mediagc sweep --plan " + file + "'", e);
        }
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            InputStream text = first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            BufferedReader in = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
            String headerLine = in.readLine();
            PlanHeader header = headerLine == null ? null : parseHeader(file, headerLine);
            if (header == null) {
                throw new PlanFileException(file + " is empty, not a mediagc plan");
            }
            return new PlanReader(file, in, header);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static PlanHeader parseHeader(Path file, String text) throws PlanFileException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new PlanFileException(file + " is not a mediagc plan (its first line is not JSON)");
        }
        if (node == null || !PlanHeader.FORMAT.equals(node.path("format").asText(null))) {
            throw new PlanFileException(file + " is not a mediagc plan (its first line has no \"format\":\""
                    + PlanHeader.FORMAT + "\")");
        }
        if (node.path("version").asInt(-1) != PlanHeader.VERSION) {
            throw new PlanFileException(file + " is a plan of format version " + node.path("version")
                    + "; this mediagc reads version " + PlanHeader.VERSION + ": make the plan again with this version");
        }
        PlanHeader header;
        try {
            header = JSON.treeToValue(node, PlanHeader.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlanFileException(file + ": unreadable plan header: " + e.getOriginalMessage());
        }
        if (header.created() == null || header.store() == null || header.settings() == null || header.figures() == null) {
            throw new PlanFileException(file + ": its header lacks one of created, store, settings, figures");
        }
        return header;
    }

    /** Reads {@code file} through, checking order and trailer; returns its header. */
    public static PlanHeader check(Path file) throws IOException {
        try (PlanReader reader = open(file)) {
            while (reader.next() != null) {
                // reading is checking
            }
            return reader.header();
        }
    }

    public PlanHeader header() {
        return header;
    }

    /** The next candidate, or null at the end (after checking the trailer). */
    public PlannedCandidate next() throws IOException {
        if (ended) {
            return null;
        }
        String text = in.readLine();
        line++;
        if (text == null) {
            throw new PlanFileException(file + " ends at line " + line + " without its trailer: the plan was cut "
                    + "short (a copy or a run that stopped); make it again");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlanFileException(file + ", line " + line + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node != null && node.path("end").asBoolean(false)) {
            ended = true;
            long expected = node.path("candidates").asLong(-1);
            long expectedBytes = node.path("bytes").asLong(-1);
            if (expected != candidates || expectedBytes != bytes) {
                throw new PlanFileException(file + ": its trailer counts " + expected + " candidates of " + expectedBytes
                        + " bytes, but it holds " + candidates + " of " + bytes + "; make the plan again");
            }
            if (in.readLine() != null) {
                throw new PlanFileException(file + ": lines after the trailer at line " + line);
            }
            return null;
        }
        PlannedCandidate candidate;
        try {
            candidate = JSON.treeToValue(node, PlannedCandidate.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new PlanFileException(file + ", line " + line + ": not a plan candidate");
        }
        if (candidate == null || candidate.key() == null || candidate.key().isEmpty() || candidate.size() < 0) {
            throw new PlanFileException(file + ", line " + line + ": a candidate needs a key and a size");
        }
        if (lastKey != null && KeyOrder.compare(lastKey, candidate.key()) >= 0) {
            throw new PlanFileException(file + ", line " + line + ": key " + candidate.key() + " does not come after "
                    + lastKey + " (a plan lists each key once, in increasing order)");
        }
        lastKey = candidate.key();
        candidates++;
        bytes += candidate.size();
        return candidate;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
