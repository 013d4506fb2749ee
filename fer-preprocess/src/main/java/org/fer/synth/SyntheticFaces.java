package org.fer.synth;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.Usage;
import org.fer.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic FER-like 48x48 faces drawn procedurally: an oval face on a background, two eyes, brows, a
 * nose and a mouth whose shapes carry one of the seven expressions. Identity (face shape, tone, feature
 * spacing), pose (shift, roll, scale), lighting (gradient), expression intensity and sensor noise vary per
 * face, so the classes overlap in pixel space: a linear model on raw pixels cannot get them all, a model
 * that looks at shapes can.
 *
 * <p>Face {@code i} of seed {@code s} depends only on (s, i, its label): the same call always gives the same bytes.
 */
public final class SyntheticFaces {
    /** Expression parameters, in face units (1 = one pixel at scale 1). */
    private record Expr(double eyeOpen, double browRaise, double browTilt, double mouthCurve, double mouthOpen,
                        double mouthWidth, double lipAsym, double noseWrinkle) {
        Expr towards(Expr t, double k) {
            return new Expr(lerp(eyeOpen, t.eyeOpen, k), lerp(browRaise, t.browRaise, k), lerp(browTilt, t.browTilt, k),
                    lerp(mouthCurve, t.mouthCurve, k), lerp(mouthOpen, t.mouthOpen, k), lerp(mouthWidth, t.mouthWidth, k),
                    lerp(lipAsym, t.lipAsym, k), lerp(noseWrinkle, t.noseWrinkle, k));
        }
    }

    // browTilt > 0: inner ends lower (anger); < 0: inner ends higher (sadness, fear).
    private static final Expr[] EXPRESSIONS = {
            new Expr(0.75, -1.2, 2.2, 0.6, 0.0, 0.85, 0.0, 0.3),   // Angry: lowered V brows, pressed narrow mouth
            new Expr(0.6, -0.8, 0.8, 1.0, 0.8, 0.95, 1.6, 1.0),    // Disgust: squint, raised one-sided upper lip, nose wrinkle
            new Expr(1.45, 1.8, -1.6, 0.6, 1.4, 1.2, 0.0, 0.0),    // Fear: wide eyes, raised inner brows, stretched open mouth
            new Expr(0.65, 0.4, 0.0, -2.8, 0.6, 1.2, 0.0, 0.0),    // Happy: corners up, cheeks squeeze the eyes
            new Expr(0.8, 0.3, -2.0, 2.0, 0.0, 0.95, 0.0, 0.0),    // Sad: inner brows up, corners down
            new Expr(1.6, 2.8, 0.0, 0.0, 3.2, 0.75, 0.0, 0.0),     // Surprise: high brows, round open mouth
            new Expr(1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0),      // Neutral
    };

    private final long seed;

    public SyntheticFaces(long seed) { this.seed = seed; }

    /** Face number {@code index} showing {@code emotion}, as 2304 row-major gray bytes. */
    public byte[] face(int index, Emotion emotion) {
        SplittableRandom r = new SplittableRandom(mix(seed, index));
        double faceW = range(r, 14.5, 18.5), faceH = range(r, 19, 23);
        double skin = range(r, 110, 200), bg = range(r, 20, 235);
        double eyeSpacing = range(r, 6.5, 8.5), eyeY = range(r, -4.5, -2.5), eyeR = range(r, 2.0, 2.8);
        double mouthY = range(r, 7, 9.5), mouthBase = range(r, 5.5, 7.5), browGap = range(r, 3.2, 4.4);
        double hair = r.nextDouble() < 0.6 ? range(r, 20, 90) : -1;
        double cx = 24 + range(r, -3, 3), cy = 24 + range(r, -2.5, 3.5);
        double angle = Math.toRadians(range(r, -13, 13)), scale = range(r, 0.88, 1.15);
        double lightDir = range(r, 0, 2 * Math.PI), lightAmp = range(r, 0, 45);
        double noise = range(r, 3, 11);
        double intensity = range(r, 0.35, 1.0);
        Expr e = EXPRESSIONS[Emotion.NEUTRAL.id()].towards(EXPRESSIONS[emotion.id()], intensity);
        double cos = Math.cos(angle), sin = Math.sin(angle);
        byte[] out = new byte[Face48.PIXELS];
        for (int py = 0; py < Face48.SIDE; py++) {
            for (int px = 0; px < Face48.SIDE; px++) {
                double dx = (px + 0.5 - cx) / scale, dy = (py + 0.5 - cy) / scale;
                double x = cos * dx + sin * dy, y = -sin * dx + cos * dy; // face coordinates
                double light = lightAmp * (Math.cos(lightDir) * x + Math.sin(lightDir) * y) / 20.0;
                double inside = coverage(1 - Math.sqrt(sq(x / faceW) + sq(y / faceH)), 0.06);
                double v = bg + 0.5 * light;
                if (hair >= 0) v = mix(v, hair, coverage(-y - faceH * 0.55, 1.5) * coverage(faceW * 1.15 - Math.abs(x), 1.0));
                double f = skin + light;
                f -= 55 * e.eyeOpen * eyes(x, y, eyeSpacing, eyeY, eyeR, e.eyeOpen);
                f -= 70 * brows(x, y, eyeSpacing, eyeY - browGap - e.browRaise, e.browTilt);
                f -= 30 * nose(x, y, e.noseWrinkle);
                f -= 75 * mouth(x, y, mouthY, mouthBase * e.mouthWidth, e.mouthCurve, e.mouthOpen, e.lipAsym);
                v = mix(v, f, inside);
                v += noise * r.nextGaussian();
                out[py * Face48.SIDE + px] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return out;
    }

    private static double eyes(double x, double y, double spacing, double ey, double er, double open) {
        double best = 0;
        for (int side = -1; side <= 1; side += 2) {
            double d = Math.sqrt(sq((x - side * spacing) / er) + sq((y - ey) / (er * 0.55 * open))) - 1;
            best = Math.max(best, coverage(-d * er * 0.6, 0.5));
        }
        return best;
    }

    private static double brows(double x, double y, double spacing, double by, double tilt) {
        double best = 0;
        for (int side = -1; side <= 1; side += 2) {
            double ix = side * (spacing - 3.2), ox = side * (spacing + 3.2);
            double iy = by + tilt * 0.8, oy = by - tilt * 0.4;
            best = Math.max(best, coverage(0.9 - segment(x, y, ix, iy, ox, oy), 0.5));
        }
        return best;
    }

    private static double nose(double x, double y, double wrinkle) {
        double bridge = coverage(0.6 - segment(x, y, 1.2, 1.0, 1.6, 4.0), 0.5) * 0.6;
        double nostrils = Math.max(coverage(0.8 - Math.hypot(x - 1.6, y - 4.4), 0.5), coverage(0.8 - Math.hypot(x + 1.6, y - 4.4), 0.5));
        double lines = wrinkle * Math.max(coverage(0.5 - segment(x, y, -2.5, -1.5, -1.2, 0.5), 0.5), coverage(0.5 - segment(x, y, 2.5, -1.5, 1.2, 0.5), 0.5));
        return Math.max(Math.max(bridge, nostrils), lines);
    }

    /** Lips as two parabolas (corners bend by {@code curve}: negative = up); the gap between them is dark. */
    private static double mouth(double x, double y, double my, double halfWidth, double curve, double open, double asym) {
        if (Math.abs(x) > halfWidth + 1.5) return 0;
        double t = Math.max(-1, Math.min(1, x / halfWidth));
        double shape = curve * t * t;
        double upper = my + shape - open * 0.5 * (1 - t * t) - asym * Math.max(0, t) * (1 - t * t) * 1.2;
        double lower = my + shape + open * 0.5 * (1 - t * t) + (open > 1.5 ? 0 : 0);
        double edge = coverage(halfWidth - Math.abs(x), 0.8);
        double gap = lower > upper ? coverage(Math.min(y - upper, lower - y), 0.5) : 0;
        double line = coverage(0.8 - Math.min(Math.abs(y - upper), Math.abs(y - lower)), 0.5);
        return edge * Math.max(line, gap);
    }

    /** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
    private static double segment(double x, double y, double ax, double ay, double bx, double by) {
        double vx = bx - ax, vy = by - ay;
        double t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
        return Math.hypot(x - ax - t * vx, y - ay - t * vy);
    }

    /** Soft step: 0 for d <= -w, 1 for d >= w (anti-aliased edges). */
    private static double coverage(double d, double w) {
        double t = (d + w) / (2 * w);
        return t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
    }

    private static double sq(double v) { return v * v; }
    private static double lerp(double a, double b, double k) { return a + (b - a) * k; }
    private static double mix(double a, double b, double k) { return a + (b - a) * k; }
    private static double range(SplittableRandom r, double lo, double hi) { return lo + (hi - lo) * r.nextDouble(); }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes a FER2013-layout CSV with {@code perClass} faces of every class: 80 % Training, 10 % PublicTest,
     * 10 % PrivateTest (at least one each when perClass >= 3), Training rows first as in the Kaggle file.
     */
    public void writeCsv(Path file, int perClass) {
        if (perClass < 1) throw new IllegalArgumentException("--per-class must be at least 1");
        AtomicFiles.write(file, out -> writeCsv(out, perClass));
    }

    public void writeCsv(OutputStream out, int perClass) throws IOException {
        out.write("emotion,pixels,Usage\n".getBytes(StandardCharsets.US_ASCII));
        int nTest = perClass >= 3 ? Math.max(1, (int) Math.round(perClass * 0.1)) : 0;
        int nTrain = perClass - 2 * nTest;
        int index = 0;
        StringBuilder sb = new StringBuilder(Face48.PIXELS * 4 + 32);
        for (Usage u : Usage.values()) {
            int n = u == Usage.TRAINING ? nTrain : nTest;
            for (int k = 0; k < n; k++) {
                for (Emotion e : Emotion.values()) {
                    byte[] px = face(index++, e);
                    sb.setLength(0);
                    sb.append(e.id()).append(',');
                    for (int i = 0; i < px.length; i++) {
                        if (i > 0) sb.append(' ');
                        sb.append(px[i] & 0xFF);
                    }
                    sb.append(',').append(u.csvName()).append('\n');
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }
}
