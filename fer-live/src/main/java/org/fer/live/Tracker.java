package org.fer.live;

import org.fer.core.Emotion;
import org.fer.features.face.BlinkCounter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Gives faces stable ids across frames and smooths their probabilities. Each frame's detections are matched to
 * live tracks greedily by intersection-over-union (best pair first, at least {@code minIou}); unmatched
 * detections start new tracks; a track unseen for more than {@code maxMissed} processed frames ends. Each track
 * keeps an exponential moving average of the class probabilities: {@code p = alpha * new + (1 - alpha) * p}
 * ({@code alpha} 1 = no smoothing). Single frames that flip to another class then barely move the label: this is
 * what stops the flicker.
 */
public final class Tracker {

    /** One tracked face. */
    public static final class Track {
        final int id;
        Box box;
        int missed;
        int frames;
        float[] smoothed;
        final long[] labelFrames = new long[Emotion.COUNT];
        final BlinkCounter blinks;
        // owned by the pipeline's first stage (detection thread): box, missed, blinks, requested, sinceClassified;
        // by its second stage (model thread): smoothed, lastRaw, frames, labelFrames
        float[] lastRaw;
        boolean requested;
        int sinceClassified;

        Track(int id, Box box, BlinkCounter blinks) {
            this.id = id;
            this.box = box;
            this.blinks = blinks;
        }

        public int id() { return id; }
        public Box box() { return box; }
        public int frames() { return frames; }
        public float[] smoothed() { return smoothed.clone(); }
        public long[] labelFrames() { return labelFrames.clone(); }
        public int blinks() { return blinks.blinks(); }
    }

    /**
     * @param alpha       EMA weight of the newest frame, in (0, 1]
     * @param minIou      overlap needed to continue a track
     * @param maxMissed   processed frames a track survives without a detection
     * @param blink       blink rule per track (fer-features' counter: EAR threshold, closed frames, calibration)
     */
    public record Config(double alpha, double minIou, int maxMissed, BlinkCounter.Config blink) {
        public static final Config DEFAULT = new Config(0.35, 0.3, 5, BlinkCounter.Config.DEFAULT);

        public Config {
            if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("smoothing alpha must be in (0, 1], got " + alpha);
            if (!(minIou > 0 && minIou < 1)) throw new IllegalArgumentException("IoU threshold must be in (0, 1), got " + minIou);
            if (maxMissed < 0) throw new IllegalArgumentException("max missed frames must be >= 0, got " + maxMissed);
        }
    }

    private final Config config;
    private final List<Track> tracks = new ArrayList<>();
    private final List<Track> ended = new ArrayList<>();
    private int nextId = 1;

    public Tracker(Config config) { this.config = config; }

    /** Assigns a track to each detection (same order as {@code boxes}); ages and ends the others. */
    public List<Track> assign(List<Box> boxes) {
        record Pair(int track, int det, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++)
            for (int d = 0; d < boxes.size(); d++) {
                double iou = tracks.get(t).box.iou(boxes.get(d));
                if (iou >= config.minIou()) pairs.add(new Pair(t, d, iou));
            }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        Track[] byDet = new Track[boxes.size()];
        boolean[] used = new boolean[tracks.size()];
        for (Pair p : pairs) {
            if (used[p.track] || byDet[p.det] != null) continue;
            used[p.track] = true;
            byDet[p.det] = tracks.get(p.track);
        }
        for (int t = 0; t < tracks.size(); t++) if (!used[t]) tracks.get(t).missed++;
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (t.missed > config.maxMissed()) {
                ended.add(t);
                it.remove();
            }
        }
        List<Track> out = new ArrayList<>(boxes.size());
        for (int d = 0; d < boxes.size(); d++) {
            Track t = byDet[d];
            if (t == null) {
                t = new Track(nextId++, boxes.get(d), new BlinkCounter(config.blink()));
                tracks.add(t);
            }
            t.box = boxes.get(d);
            t.missed = 0;
            out.add(t);
        }
        return out;
    }

    /** Folds one frame's probabilities into the track's average; returns the smoothed probabilities. */
    public float[] smooth(Track t, float[] probs) {
        if (t.smoothed == null) t.smoothed = probs.clone();
        else {
            float a = (float) config.alpha();
            for (int c = 0; c < probs.length; c++) t.smoothed[c] = a * probs[c] + (1 - a) * t.smoothed[c];
        }
        t.frames++;
        t.labelFrames[argmax(t.smoothed)]++;
        return t.smoothed.clone();
    }

    /** A frame where the track was seen but not classified: its average stands, and counts for its label share. */
    public float[] carry(Track t) {
        t.frames++;
        t.labelFrames[argmax(t.smoothed)]++;
        return t.smoothed.clone();
    }

    /** Every track seen so far (live and ended), by id. */
    public List<Track> allTracks() {
        List<Track> all = new ArrayList<>(ended);
        all.addAll(tracks);
        all.sort(Comparator.comparingInt(Track::id));
        return all;
    }

    public List<Track> liveTracks() { return List.copyOf(tracks); }

    static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }
}
