package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.fer.core.FerException;
import org.fer.io.AtomicFiles;
import org.fer.io.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * fer-deep's saved-model format: DL4J's ModelSerializer zip (configuration.json, coefficients.bin, optionally
 * updaterState.bin) plus one entry {@value #META_ENTRY} with the face-tensor contract version, the network name
 * and whatever the trainer records (training state in checkpoints). Written atomically: a reader sees the old file
 * or the new one, never half of one — which is what makes kill -9 safe.
 */
public final class ModelFile {
    public static final String META_ENTRY = "fer-deep.json";
    public static final String KIND = "fer-deep-dl4j";

    private ModelFile() {}

    public static void save(Path file, ComputationGraph graph, Map<String, Object> meta, boolean withUpdater) {
        writeWithMeta(file, META_ENTRY, meta, graph, withUpdater);
    }

    /**
     * Writes DL4J's own zip of {@code net} with one extra JSON entry {@code metaEntry} in front, atomically. Shared by
     * classifiers ({@link #META_ENTRY}) and the auto-encoder (its own entry name, so neither loader takes the other's file).
     */
    static void writeWithMeta(Path file, String metaEntry, Map<String, Object> meta, org.deeplearning4j.nn.api.Model net, boolean withUpdater) {
        try {
            ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, dl4j, withUpdater);
            byte[] metaBytes = Json.toString(meta).getBytes(StandardCharsets.UTF_8);
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(metaEntry));
                zip.write(metaBytes);
                zip.closeEntry();
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray()))) {
                    for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                        zip.putNextEntry(new ZipEntry(e.getName()));
                        in.transferTo(zip);
                        zip.closeEntry();
                    }
                }
                zip.finish();
            });
        } catch (IOException e) {
            throw new FerException("cannot write model " + file + ": " + e.getMessage());
        }
    }

    /** Whether {@code file} is a zip holding our metadata entry. */
    public static boolean isModelFile(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (ZipFile z = new ZipFile(file.toFile())) {
            return z.getEntry(META_ENTRY) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public static Map<String, Object> meta(Path file) {
        try (ZipFile z = new ZipFile(file.toFile())) {
            ZipEntry e = z.getEntry(META_ENTRY);
            if (e == null) throw new FerException(file + ": not a fer-deep model (no " + META_ENTRY + " entry)");
            try (InputStream in = z.getInputStream(e)) {
                return Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new FerException(file + ": cannot read model zip (" + e.getMessage() + ")");
        }
    }

    /** Loads the network (with updater state when {@code withUpdater}); refuses a model made for another input contract. */
    public static ComputationGraph load(Path file, boolean withUpdater) {
        DeepRuntime.init();
        Map<String, Object> meta = meta(file);
        Object v = meta.get("contract");
        if (!FaceTensorContract.VERSION.equals(v))
            throw new FerException(file + ": model was trained for input contract '" + v + "', this build feeds '" + FaceTensorContract.VERSION + "'");
        try {
            ComputationGraph g = ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
            FastBatchNorm.install(g);
            Networks.setCacheMode(g, Networks.TRAINING_CACHE); // models saved before session 9 say NONE
            return g;
        } catch (IOException | RuntimeException e) {
            throw new FerException(file + ": cannot load network (" + e.getMessage() + ")");
        }
    }
}
