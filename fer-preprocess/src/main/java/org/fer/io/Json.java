package org.fer.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.fer.core.FerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** JSON in and out for manifests, metrics and reports; maps keep insertion order so files diff well. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static ObjectMapper mapper() { return MAPPER; }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One-line JSON, for JSON-lines streams. */
    public static String toLine(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, toString(value) + "\n");
    }

    public static Map<String, Object> readMap(Path file) {
        try {
            return MAPPER.readValue(Files.readString(file), new TypeReference<>() {});
        } catch (NoSuchFileException e) {
            throw new FerException("missing file " + file);
        } catch (IOException e) {
            throw new FerException(file + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    public static Map<String, Object> readMap(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<>() {});
        } catch (IOException e) {
            throw new FerException("not valid JSON: " + e.getMessage());
        }
    }
}
