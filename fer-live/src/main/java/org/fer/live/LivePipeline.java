package org.fer.live;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.deep.FaceTensorContract;
import org.fer.features.face.EyeAspectRatio;
import org.fer.features.face.FaceAligner;
import org.fer.features.landmarks.Landmarks;
import org.fer.image.GrayImage;
import org.fer.model.EmotionClassifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-frame work: detect → (landmarks) → crop through the face → tensor contract → one model call for all
 * faces of the frame → track and smooth. Stage times accumulate in {@link #times()}. Not thread-safe: one
 * frame at a time, in order.
 */
public final class LivePipeline implements AutoCloseable {
    private final FaceDetector detector;
    private final EmotionClassifier model;
    private final Landmarker landmarker; // null: no landmarks, no blinks
    private final Framing framing;
    private final Tracker tracker;
    private final StageTimes times = new StageTimes();
    private long faces;
    private long processed;
    private int fullScanEvery = 1;
    private int classifyEvery = 1;
    private FaceAligner aligner; // null: crop by the box

    public LivePipeline(FaceDetector detector, EmotionClassifier model, Landmarker landmarker, Framing framing, Tracker.Config tracking) {
        this.detector = detector;
        this.model = model;
        this.landmarker = landmarker;
        this.framing = framing;
        this.tracker = new Tracker(tracking);
    }

    public FrameResult process(GrayImage frame, long index, double timeMs) {
        long t0 = System.nanoTime();
        // full scans find new faces; in between, tracked faces are looked for only around their last position
        List<Box> tracked = tracker.liveTracks().stream().map(Tracker.Track::box).toList();
        boolean full = fullScanEvery <= 1 || tracked.isEmpty() || processed % fullScanEvery == 0;
        processed++;
        List<Box> raw = full ? detector.detect(frame) : detector.detectNear(frame, tracked);
        List<Box> boxes = new ArrayList<>();
        for (Box b : Box.suppressOverlaps(raw, 0.5)) if (b.intersects(frame.width(), frame.height())) boxes.add(b);
        long t1 = System.nanoTime();
        times.add("detect", t1 - t0);

        double[][] points = new double[boxes.size()][];
        if (landmarker != null) {
            for (int i = 0; i < boxes.size(); i++) points[i] = landmarker.predict(frame, framing.landmarkBox(boxes.get(i)));
            times.add("landmarks", System.nanoTime() - t1);
        }
        long t2 = System.nanoTime();
        List<Tracker.Track> tracks = tracker.assign(boxes);
        // a track is classified every classifyEvery-th frame (new tracks at once); in between its average carries on
        List<Face48> crops = new ArrayList<>(boxes.size());
        List<Integer> which = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Tracker.Track t = tracks.get(i);
            if (t.lastRaw == null || ++t.sinceClassified >= classifyEvery) {
                crops.add(aligner != null && points[i] != null
                        ? FaceTensorContract.face(aligner.align(frame, landmarks(boxes.get(i), points[i])))
                        : FaceCrop.face48(frame, framing.emotionCrop(boxes.get(i))));
                which.add(i);
            }
        }
        long t3 = System.nanoTime();
        times.add("crop", t3 - t2);

        float[][] probs = crops.isEmpty() ? new float[0][] : model.predictProba(crops); // one batched call per frame
        long t4 = System.nanoTime();
        if (!crops.isEmpty()) times.add("model", t4 - t3);

        float[][] fresh = new float[boxes.size()][];
        for (int k = 0; k < which.size(); k++) fresh[which.get(k)] = probs[k];
        List<FaceResult> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Tracker.Track t = tracks.get(i);
            float[] smoothed;
            if (fresh[i] != null) {
                smoothed = tracker.smooth(t, fresh[i]);
                t.lastRaw = fresh[i];
                t.sinceClassified = 0;
            } else {
                smoothed = tracker.carry(t);
            }
            double ear = Double.NaN;
            int blinks = 0;
            if (points[i] != null) {
                ear = EyeAspectRatio.mean(landmarks(boxes.get(i), points[i]));
                t.blinks.update(ear);
                blinks = t.blinks.blinks();
            }
            out.add(new FaceResult(t.id(), boxes.get(i), t.lastRaw, smoothed, Emotion.of(Tracker.argmax(smoothed)), points[i], ear, blinks));
        }
        times.add("track", System.nanoTime() - t4);
        times.add("pipeline", System.nanoTime() - t0);
        faces += out.size();
        return new FrameResult(index, timeMs, out);
    }

    /** Scan the whole frame only every {@code n}-th processed frame (and whenever nothing is tracked); 1 = always. */
    public LivePipeline fullScanEvery(int n) {
        if (n < 1) throw new IllegalArgumentException("full-scan interval must be >= 1, got " + n);
        this.fullScanEvery = n;
        return this;
    }

    /** Run the emotion model on each tracked face only every {@code n}-th frame it is seen; 1 = every frame. */
    public LivePipeline classifyEvery(int n) {
        if (n < 1) throw new IllegalArgumentException("classify interval must be >= 1, got " + n);
        this.classifyEvery = n;
        return this;
    }

    /**
     * Crop by landmarks instead of the box: a similarity transform puts the eye centres where dlib's mean shape
     * has them, zoomed out by the framing's dlib scale so the crop frames the face as FER2013 (and the box) does.
     */
    public LivePipeline align(boolean on) {
        this.aligner = on ? new FaceAligner(Face48.SIDE, FaceAligner.Mode.EYES, framing.dlibScale()) : null;
        return this;
    }

    private static Landmarks landmarks(Box b, double[] xy) {
        return Landmarks.ofImagePoints(new org.fer.features.landmarks.Box(b.left(), b.top(), b.right(), b.bottom()), xy);
    }

    public StageTimes times() { return times; }

    public long faces() { return faces; }

    public boolean landmarksOn() { return landmarker != null; }

    /** Per track: frames seen, blinks and the share of its frames under each (smoothed) label. */
    public List<Map<String, Object>> trackSummary() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tracker.Track t : tracker.allTracks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("track_id", t.id());
            m.put("frames", t.frames());
            Map<String, Object> share = new LinkedHashMap<>();
            for (Emotion e : Emotion.values())
                if (t.labelFrames[e.id()] > 0) share.put(e.label(), FaceResult.round((double) t.labelFrames[e.id()] / t.frames(), 4));
            m.put("emotion_share", share);
            if (landmarker != null) m.put("blinks", t.blinks());
            out.add(m);
        }
        return out;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", detector.describe());
        m.put("landmarks", landmarker == null ? "off" : landmarker.describe());
        m.put("model", model.describe());
        m.put("framing", framing);
        m.put("full_scan_every", fullScanEvery);
        m.put("classify_every", classifyEvery);
        m.put("align", aligner != null);
        return m;
    }

    @Override
    public void close() {
        detector.close();
        if (landmarker != null) landmarker.close();
        model.close();
    }
}
