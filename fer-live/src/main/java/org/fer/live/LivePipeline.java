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
 * faces of the frame → track and smooth. Stage times accumulate in {@link #times()}. Two stages, {@link #front}
 * and {@link #back}, so a runner may overlap the model call of frame N with the detection of frame N+1 (each
 * stage on one thread, frames in order); {@link #process} runs both in turn.
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

    /**
     * One frame's work between the two stages: what the first stage (detect, landmarks, track assignment, blinks,
     * crops) found, waiting for the model call and the smoothing of the second.
     */
    public static final class Pending {
        final long index;
        final double timeMs;
        final List<Box> boxes;
        final List<Tracker.Track> tracks;
        final double[][] points;
        final double[] ear;
        final int[] blinks;
        final List<Face48> crops;
        final int[] which; // crops.get(k) is the face boxes.get(which[k])
        long stage1Nanos;

        private Pending(long index, double timeMs, List<Box> boxes, List<Tracker.Track> tracks, double[][] points,
                        double[] ear, int[] blinks, List<Face48> crops, int[] which) {
            this.index = index;
            this.timeMs = timeMs;
            this.boxes = boxes;
            this.tracks = tracks;
            this.points = points;
            this.ear = ear;
            this.blinks = blinks;
            this.crops = crops;
            this.which = which;
        }

        public long index() { return index; }

        /** Faces this frame sends to the model. */
        public int crops() { return crops.size(); }
    }

    /** Both stages, one after the other: the sequential pipeline. */
    public FrameResult process(GrayImage frame, long index, double timeMs) {
        return back(front(frame, index, timeMs));
    }

    /**
     * Stage 1: detect, landmarks, track assignment (ids, boxes), EAR and blinks, and the 48x48 crops of the faces
     * due for classification. Frames must enter in order, one at a time. Touches only the tracks' box, id, miss
     * and blink state, so it may run for frame N+1 while {@link #back} runs for frame N on another thread.
     */
    public Pending front(GrayImage frame, long index, double timeMs) {
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
        double[] ear = new double[boxes.size()];
        int[] blinks = new int[boxes.size()];
        // a track is classified every classifyEvery-th frame (new tracks at once); in between its average carries on
        List<Face48> crops = new ArrayList<>(boxes.size());
        int[] which = new int[boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            Tracker.Track t = tracks.get(i);
            ear[i] = Double.NaN;
            if (points[i] != null) {
                ear[i] = EyeAspectRatio.mean(landmarks(boxes.get(i), points[i]));
                t.blinks.update(ear[i]);
                blinks[i] = t.blinks.blinks();
            }
            if (!t.requested || ++t.sinceClassified >= classifyEvery) {
                which[crops.size()] = i;
                crops.add(aligner != null && points[i] != null
                        ? FaceTensorContract.face(aligner.align(frame, landmarks(boxes.get(i), points[i])))
                        : FaceCrop.face48(frame, framing.emotionCrop(boxes.get(i))));
                t.requested = true;
                t.sinceClassified = 0;
            }
        }
        long t3 = System.nanoTime();
        times.add("crop", t3 - t2);
        times.add("stage1", t3 - t0);
        Pending p = new Pending(index, timeMs, boxes, tracks, points, ear, blinks, crops, java.util.Arrays.copyOf(which, crops.size()));
        p.stage1Nanos = t3 - t0;
        return p;
    }

    /**
     * Stage 2: one batched model call for the frame's crops, then the per-track moving averages and the labels.
     * Frames must enter in the order {@link #front} produced them, one at a time.
     */
    public FrameResult back(Pending p) {
        long t3 = System.nanoTime();
        float[][] probs = p.crops.isEmpty() ? new float[0][] : model.predictProba(p.crops); // one batched call per frame
        long t4 = System.nanoTime();
        if (!p.crops.isEmpty()) times.add("model", t4 - t3);

        int n = p.boxes.size();
        float[][] fresh = new float[n][];
        for (int k = 0; k < p.which.length; k++) fresh[p.which[k]] = probs[k];
        List<FaceResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tracker.Track t = p.tracks.get(i);
            float[] smoothed;
            if (fresh[i] != null) {
                smoothed = tracker.smooth(t, fresh[i]);
                t.lastRaw = fresh[i];
            } else {
                smoothed = tracker.carry(t);
            }
            out.add(new FaceResult(t.id(), p.boxes.get(i), t.lastRaw, smoothed, Emotion.of(Tracker.argmax(smoothed)), p.points[i], p.ear[i], p.blinks[i]));
        }
        long t5 = System.nanoTime();
        times.add("track", t5 - t4);
        times.add("stage2", t5 - t3);
        times.add("pipeline", p.stage1Nanos + t5 - t3); // the work of both stages, without any wait between them
        synchronized (this) {
            faces += out.size();
        }
        return new FrameResult(p.index, p.timeMs, out);
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

    public synchronized long faces() { return faces; }

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
