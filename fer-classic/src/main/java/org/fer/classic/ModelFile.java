package org.fer.classic;

import org.fer.core.FerException;
import org.fer.io.AtomicFiles;
import org.fer.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A saved classic model: one zip ({@code *.classic.zip}) holding {@code fer-classic.json} (format, model type,
 * feature pipeline kind + parameters, hyper-parameters) and the predictor's own entries (LightGBM model text,
 * .npy weight arrays, ...). The loader recognises it by that first entry.
 */
public final class ModelFile {
    public static final String META = "fer-classic.json";
    public static final String FORMAT = "fer-classic/1";
    public static final String SUFFIX = ".classic.zip";

    private ModelFile() {}

    public static void write(Path file, Map<String, Object> meta, Map<String, byte[]> entries) {
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(META));
                zip.write(Json.toString(meta).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
        });
    }

    /** Whether the file is a zip whose first entry is fer-classic.json. */
    public static boolean looksLike(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e = zip.getNextEntry();
            return e != null && e.getName().equals(META);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** All entries; fer-classic.json first. */
    public static Map<String, byte[]> read(Path file) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) out.put(e.getName(), zip.readAllBytes());
        } catch (IOException e) {
            throw new FerException(file + ": cannot read classic model (" + e.getMessage() + ")");
        }
        if (!out.containsKey(META)) throw new FerException(file + ": not a classic model (no " + META + ")");
        return out;
    }

    public static Map<String, Object> meta(Map<String, byte[]> entries, Path file) {
        Map<String, Object> m = Json.readMap(new String(entries.get(META), StandardCharsets.UTF_8));
        if (!FORMAT.equals(m.get("format"))) throw new FerException(file + ": unsupported classic model format " + m.get("format") + " (expected " + FORMAT + ")");
        return m;
    }

    public static byte[] entry(Map<String, byte[]> entries, String name, Path file) {
        byte[] b = entries.get(name);
        if (b == null) throw new FerException(file + ": classic model is missing entry " + name);
        return b;
    }
}
