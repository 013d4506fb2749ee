package org.fer.live;

/**
 * How a detector box becomes (a) the emotion crop and (b) the box given to the dlib landmark model.
 *
 * <p>Measured on FER2013-style faces pasted into frames: OpenCV's frontal-face Haar boxes frame a face almost
 * exactly as FER2013's 48x48 crops do (forehead to chin, ears at the edge); through the whole pipeline on
 * FER2013 val faces a crop 1.1 times the box did best (crop scale 0.9 / 1.0 / 1.1 / 1.2: 43.4 / 47.9 / 50.1 / 47.2 %
 * per face-frame, results/live-bench/tuning), so {@code cropScale} is 1.1.
 * dlib's HOG boxes, on which the 68-point model was trained, are tighter: in its
 * mean shape the eyes sit at 0.32 and the mouth corners at 0.75 of the box height, while in FER/Haar framing
 * they sit near 0.375 and 0.75; matching the eye-mouth distance gives a box 0.87 times as large, whose top moves
 * down by about 0.03 of the side beyond the centred shrink.
 *
 * @param cropScale emotion crop side / detector box side
 * @param cropShiftY emotion crop centre shift, in box heights (positive = down)
 * @param dlibScale landmark box side / detector box side
 * @param dlibShiftY landmark box centre shift, in detector box heights
 */
public record Framing(double cropScale, double cropShiftY, double dlibScale, double dlibShiftY) {
    public static final Framing HAAR = new Framing(1.1, 0.0, 0.87, 0.03);

    public Box emotionCrop(Box detected) { return detected.reframe(cropScale, 0, cropShiftY); }

    public Box landmarkBox(Box detected) { return detected.reframe(dlibScale, 0, dlibShiftY); }
}
