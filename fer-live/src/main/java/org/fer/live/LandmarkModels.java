package org.fer.live;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and loads the 68-point landmark model. Landmarks are optional: without the model file the pipeline
 * still runs, and {@link Result#why} says why blinks are off.
 */
public final class LandmarkModels {
    public static final Path DEFAULT = Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");

    /** A loaded landmarker, or null with the reason. */
    public record Result(Landmarker landmarker, String why) {}

    private LandmarkModels() {}

    public static Result open(Path file, boolean wanted) {
        if (!wanted) return new Result(null, "landmarks and blinks off (--no-landmarks)");
        Path f = file != null ? file : DEFAULT;
        if (!Files.isRegularFile(f))
            return new Result(null, "landmarks and blinks off: " + f + " not found (apt-get install libdlib-data, or --landmarks-model PATH)");
        return load(f);
    }

    static Result load(Path f) {
        // fer-features' ShapePredictor is wired in here once it lands (see README "Landmarks").
        return new Result(null, "landmarks and blinks off: this build has no dlib shape predictor loader yet");
    }
}
