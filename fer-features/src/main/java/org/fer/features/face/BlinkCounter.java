package org.fer.features.face;

import java.util.Arrays;

/**
 * Counts blinks from a stream of per-frame eye aspect ratios with the usual rule (PyImageSearch's blink
 * tutorial): frames with EAR below the threshold are counted; when EAR comes back up after at least
 * {@code minClosedFrames} such frames in a row, that is one blink. A run of {@code longClosureFrames} or more
 * closed frames is also reported as a long closure (drowsiness) once, when it reaches that length.
 *
 * <p>Optional per-person calibration: with {@code calibrationFrames > 0} the first that many frames only
 * collect EAR values, and the threshold becomes {@code calibrationFactor x median} of them (a fixed 0.3
 * is too high for narrow eyes and too low for wide ones). Not thread-safe: one counter per video stream.
 */
public final class BlinkCounter {

    /**
     * @param threshold          EAR below this counts as closed (tutorial: 0.3; variants use 0.2-0.28)
     * @param minClosedFrames    consecutive closed frames that make a blink (tutorial: 3)
     * @param longClosureFrames  consecutive closed frames reported as a long closure (drowsiness; 0 = never)
     * @param calibrationFrames  frames used to calibrate the threshold first (0 = use {@code threshold})
     * @param calibrationFactor  calibrated threshold = factor x median EAR of the calibration frames
     */
    public record Config(double threshold, int minClosedFrames, int longClosureFrames, int calibrationFrames, double calibrationFactor) {
        public static final Config DEFAULT = new Config(0.3, 3, 48, 0, 0.75);

        public Config {
            if (!(threshold > 0)) throw new IllegalArgumentException("blink threshold must be > 0, got " + threshold);
            if (minClosedFrames < 1) throw new IllegalArgumentException("minClosedFrames must be >= 1, got " + minClosedFrames);
            if (longClosureFrames < 0 || calibrationFrames < 0) throw new IllegalArgumentException("frame counts must be >= 0");
            if (!(calibrationFactor > 0)) throw new IllegalArgumentException("calibrationFactor must be > 0, got " + calibrationFactor);
        }

        public Config withThreshold(double t) { return new Config(t, minClosedFrames, longClosureFrames, calibrationFrames, calibrationFactor); }

        public Config withMinClosedFrames(int n) { return new Config(threshold, n, longClosureFrames, calibrationFrames, calibrationFactor); }

        public Config withCalibration(int frames, double factor) { return new Config(threshold, minClosedFrames, longClosureFrames, frames, factor); }

        public Config withLongClosureFrames(int n) { return new Config(threshold, minClosedFrames, n, calibrationFrames, calibrationFactor); }
    }

    /** What one frame produced. */
    public enum Event { NONE, CALIBRATING, CALIBRATED, BLINK, LONG_CLOSURE }

    private final Config config;
    private double threshold;
    private final double[] calibration;
    private int calibrated;
    private int closedRun;
    private int blinks;
    private int longClosures;
    private long frames;

    public BlinkCounter(Config config) {
        this.config = config;
        this.threshold = config.threshold();
        this.calibration = new double[config.calibrationFrames()];
    }

    public BlinkCounter() { this(Config.DEFAULT); }

    /** Feeds one frame's EAR (NaN or negative = no face this frame: ends a closed run without a blink). */
    public Event update(double ear) {
        frames++;
        if (calibrated < calibration.length) {
            if (Double.isNaN(ear) || ear < 0) return Event.CALIBRATING;
            calibration[calibrated++] = ear;
            if (calibrated < calibration.length) return Event.CALIBRATING;
            double[] c = calibration.clone();
            Arrays.sort(c);
            double median = c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
            threshold = config.calibrationFactor() * median;
            return Event.CALIBRATED;
        }
        if (Double.isNaN(ear) || ear < 0) {
            closedRun = 0;
            return Event.NONE;
        }
        if (ear < threshold) {
            closedRun++;
            if (config.longClosureFrames() > 0 && closedRun == config.longClosureFrames()) {
                longClosures++;
                return Event.LONG_CLOSURE;
            }
            return Event.NONE;
        }
        boolean blink = closedRun >= config.minClosedFrames();
        closedRun = 0;
        if (blink) {
            blinks++;
            return Event.BLINK;
        }
        return Event.NONE;
    }

    public int blinks() { return blinks; }

    public int longClosures() { return longClosures; }

    /** Consecutive closed frames so far (0 when the eyes are open). */
    public int closedFrames() { return closedRun; }

    public boolean eyesClosed() { return closedRun > 0; }

    /** The threshold in use (calibrated once calibration has finished). */
    public double threshold() { return threshold; }

    public boolean calibrating() { return calibrated < calibration.length; }

    public long frames() { return frames; }

    public Config config() { return config; }

    public void reset() {
        blinks = 0;
        longClosures = 0;
        closedRun = 0;
        frames = 0;
        calibrated = 0;
        threshold = config.threshold();
    }
}
