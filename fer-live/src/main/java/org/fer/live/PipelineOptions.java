package org.fer.live;

import org.fer.core.FerException;
import org.fer.features.face.BlinkCounter;
import org.fer.model.EmotionClassifier;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Detector, framing, tracking and landmark options shared by {@code fer live} and {@code fer live-bench}. */
public final class PipelineOptions {
    @Option(names = "--detector", defaultValue = "cascade", description = "Face detector kind: cascade (OpenCV Haar/LBP, see --cascade; default) or blazeface (MediaPipe's BlazeFace CNN through OpenCV DNN; bundled model, or --detector-model FILE.onnx).")
    String detector;
    @Option(names = "--detector-model", paramLabel = "FILE", description = "ONNX file for --detector blazeface (default: the bundled short-range model).")
    String detectorModel;
    @Option(names = "--detect-threshold", defaultValue = "0.25", description = "Score a BlazeFace box needs (default ${DEFAULT-VALUE}).")
    double detectThreshold;
    @Option(names = "--cascade", defaultValue = "haar-alt2", description = "Face detector: haar-alt2 (default), haar-alt, haar-default, lbp, lbp-improved, or a cascade XML file.")
    String cascade;
    @Option(names = "--scale-factor", defaultValue = "1.1", description = "Detector pyramid step (default ${DEFAULT-VALUE}).")
    double scaleFactor;
    @Option(names = "--min-neighbors", defaultValue = "3", description = "Detector hits needed per face (default ${DEFAULT-VALUE}).")
    int minNeighbors;
    @Option(names = "--min-face", defaultValue = "0.08", description = "Smallest face, as a fraction of the frame's shorter side (default ${DEFAULT-VALUE}).")
    double minFace;
    @Option(names = "--detect-width", defaultValue = "320", description = "Downscale wider frames to this width for detection; 0 = full size (default ${DEFAULT-VALUE}).")
    int detectWidth;
    @Option(names = "--equalize", description = "Equalise the histogram before detection (dim or low-contrast video).")
    boolean equalize;
    @Option(names = "--full-scan-every", defaultValue = "5", description = "Scan the whole frame every N processed frames; in between only around tracked faces (default ${DEFAULT-VALUE}; 1 = always).")
    int fullScanEvery;
    @Option(names = "--classify-every", defaultValue = "1", description = "Run the emotion model on each tracked face every N-th frame; detection, landmarks and blinks stay per frame (default ${DEFAULT-VALUE}).")
    int classifyEvery;
    @Option(names = "--pipelined", description = "Run the emotion model on a second thread: frame N's network call overlaps frame N+1's decoding, detection and landmarks (results stay in frame order; needs 2+ cores).")
    boolean pipelined;
    @Option(names = "--model-threads", defaultValue = "0", description = "Threads ND4J may use inside one network call; 0 = leave ND4J's default (one per core). 1 spares a one-face batch the cost of waking idle threads at every layer (default ${DEFAULT-VALUE}).")
    int modelThreads;
    @Option(names = "--smooth", defaultValue = "0.35", description = "EMA weight of the newest frame per track, (0, 1]; 1 = no smoothing (default ${DEFAULT-VALUE}).")
    double smooth;
    @Option(names = "--min-iou", defaultValue = "0.3", description = "Overlap that continues a track (default ${DEFAULT-VALUE}).")
    double minIou;
    @Option(names = "--max-missed", defaultValue = "5", description = "Processed frames a track survives unseen (default ${DEFAULT-VALUE}).")
    int maxMissed;
    @Option(names = "--crop-scale", defaultValue = "1.1", description = "Emotion crop side / detector box side (default ${DEFAULT-VALUE}).")
    double cropScale;
    @Option(names = "--crop-shift", defaultValue = "0.0", description = "Emotion crop vertical shift, in box heights (default ${DEFAULT-VALUE}).")
    double cropShift;
    @Option(names = "--landmarks-model", paramLabel = "FILE", description = "dlib 68-point model (default /usr/share/dlib/shape_predictor_68_face_landmarks.dat).")
    Path landmarksModel;
    @Option(names = "--no-landmarks", description = "Skip landmarks and blink counting.")
    boolean noLandmarks;
    @Option(names = "--ear-threshold", defaultValue = "0.3", description = "Blink rule: eye aspect ratio below this = closed (default ${DEFAULT-VALUE}).")
    double earThreshold;
    @Option(names = "--blink-frames", defaultValue = "3", description = "Blink rule: closed frames needed (default ${DEFAULT-VALUE}).")
    int blinkFrames;
    @Option(names = "--blink-calibration", defaultValue = "0", paramLabel = "FRAMES", description = "Per-person threshold: 0.75 x the median EAR of each track's first FRAMES frames (default ${DEFAULT-VALUE} = fixed threshold).")
    int blinkCalibration;
    @Option(names = "--align", description = "Crop faces by their landmarks (eyes levelled) instead of the detector box; needs landmarks.")
    boolean align;

    CascadeFaceDetector.Config detectorConfig() {
        return new CascadeFaceDetector.Config(cascade, scaleFactor, minNeighbors, minFace, detectWidth, equalize);
    }

    BlazeFaceDetector.Config blazeConfig() {
        return new BlazeFaceDetector.Config(detectorModel == null ? BlazeFaceDetector.BUNDLED : detectorModel, detectThreshold, minFace,
                BlazeFaceDetector.Config.DEFAULT.boxScale(), BlazeFaceDetector.Config.DEFAULT.boxShiftY());
    }

    /** The detector's settings, for provenance. */
    Object detectorParameters() {
        return detector.equals("blazeface") ? blazeConfig() : detectorConfig();
    }

    FaceDetector newDetector() {
        return switch (detector) {
            case "cascade" -> new CascadeFaceDetector(detectorConfig());
            case "blazeface" -> new BlazeFaceDetector(blazeConfig());
            default -> throw new FerException("unknown --detector '" + detector + "': use cascade or blazeface");
        };
    }

    Framing framing() { return new Framing(cropScale, cropShift, Framing.HAAR.dlibScale(), Framing.HAAR.dlibShiftY()); }

    Tracker.Config tracking() {
        BlinkCounter.Config blink = BlinkCounter.Config.DEFAULT.withThreshold(earThreshold).withMinClosedFrames(blinkFrames);
        if (blinkCalibration > 0) blink = blink.withCalibration(blinkCalibration, blink.calibrationFactor());
        return new Tracker.Config(smooth, minIou, maxMissed, blink);
    }

    /** Applies {@code --model-threads} to ND4J (process-wide; touches ND4J only when set). */
    void applyModelThreads() {
        if (modelThreads < 0) throw new FerException("--model-threads must be >= 0, got " + modelThreads);
        if (modelThreads > 0) ModelThreads.set(modelThreads);
    }

    LivePipeline build(EmotionClassifier model, Landmarker landmarker) {
        return new LivePipeline(newDetector(), model, landmarker, framing(), tracking()).fullScanEvery(fullScanEvery).classifyEvery(classifyEvery).align(align);
    }
}
