package org.fer.live;

import org.fer.features.landmarks.ShapePredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and loads the 68-point landmark model. Landmarks are optional: without the model file the pipeline
 * still runs, and {@link Result#why} says why blinks are off.
 */
public final class LandmarkModels {
    private static final Logger LOG = LoggerFactory.getLogger(LandmarkModels.class);

    /** A loaded landmarker, or null with the reason. */
    public record Result(Landmarker landmarker, String why) {}

    private LandmarkModels() {}

    public static Result open(Path file, boolean wanted) {
        if (!wanted) return new Result(null, "landmarks and blinks off (--no-landmarks)");
        Path f = file != null ? file : ShapePredictor.defaultPath();
        if (!Files.isRegularFile(f))
            return new Result(null, "landmarks and blinks off: " + f + " not found (apt-get install libdlib-data, or --landmarks-model PATH)");
        return load(f);
    }

    static Result load(Path f) {
        long t0 = System.nanoTime();
        ShapePredictor p = ShapePredictor.load(f); // a corrupt file is a FerException naming the offset
        LOG.info("landmark model {} loaded in {} ms", f, (System.nanoTime() - t0) / 1_000_000);
        return new Result(new DlibLandmarker(p, f.toString()), null);
    }
}
