package org.fer.synth;

import org.fer.core.Emotion;
import org.fer.core.Usage;
import org.fer.data.Fer2013Data;
import org.fer.data.Fer2013Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticFacesTest {
    @TempDir Path tmp;

    @Test
    void sameSeedSameFacesOtherSeedOtherFaces() {
        SyntheticFaces a = new SyntheticFaces(7), b = new SyntheticFaces(7), c = new SyntheticFaces(8);
        for (int i = 0; i < 20; i++) {
            Emotion e = Emotion.of(i % 7);
            assertArrayEquals(a.face(i, e), b.face(i, e));
            assertFalse(Arrays.equals(a.face(i, e), c.face(i, e)));
        }
    }

    @Test
    void csvHasAllThreeUsagesBalancedClassesAndParsesStrictly() {
        Path csv = tmp.resolve("s.csv");
        new SyntheticFaces(3).writeCsv(csv, 20);
        Fer2013Data d = new Fer2013Reader(false).read(csv);
        assertEquals(140, d.rows());
        for (Usage u : Usage.values()) {
            int[] counts = d.classCounts(u);
            int expected = u == Usage.TRAINING ? 16 : 2;
            for (int c : counts) assertEquals(expected, c, u + " " + Arrays.toString(counts));
        }
    }

    @Test
    void facesUseTheGrayRangeAndDifferWithinAClass() {
        SyntheticFaces s = new SyntheticFaces(1);
        byte[] f0 = s.face(0, Emotion.HAPPY), f1 = s.face(1, Emotion.HAPPY);
        int min = 255, max = 0;
        for (byte b : f0) { min = Math.min(min, b & 0xFF); max = Math.max(max, b & 0xFF); }
        assertTrue(max - min > 80, "contrast " + (max - min));
        assertFalse(Arrays.equals(f0, f1));
    }

    /**
     * The set must be learnable but not trivial: on held-out faces a linear softmax on raw pixels stays far from
     * 100 % (pose, identity and lighting vary), while the same model on gradient-orientation histograms (shape
     * features, a poor man's HOG) beats chance (14 %) by a wide margin and beats raw pixels clearly.
     */
    @Test
    void learnableFromShapesButNotTrivialForALinearModelOnPixels() {
        SyntheticFaces s = new SyntheticFaces(11);
        int nTrain = 1400, nTest = 700;
        float[][] rawTr = new float[nTrain][], rawTe = new float[nTest][], gTr = new float[nTrain][], gTe = new float[nTest][];
        int[] yTr = new int[nTrain], yTe = new int[nTest];
        for (int i = 0; i < nTrain + nTest; i++) {
            int label = i % 7;
            byte[] px = s.face(i, Emotion.of(label));
            float[] raw = new float[px.length];
            for (int k = 0; k < px.length; k++) raw[k] = (px[k] & 0xFF) / 255f - 0.5f;
            if (i < nTrain) { rawTr[i] = raw; gTr[i] = orientationHistograms(px); yTr[i] = label; }
            else { rawTe[i - nTrain] = raw; gTe[i - nTrain] = orientationHistograms(px); yTe[i - nTrain] = label; }
        }
        double raw = LinearSoftmax.accuracy(LinearSoftmax.train(rawTr, yTr, 7, 60, 0.005f, 1e-4f), rawTe, yTe);
        double shape = LinearSoftmax.accuracy(LinearSoftmax.train(gTr, yTr, 7, 60, 0.05f, 1e-4f), gTe, yTe);
        assertTrue(raw < 0.7, "linear model on raw pixels should be far from perfect, got " + raw);
        assertTrue(shape > 0.55, "shape features should beat chance widely, got " + shape);
        assertTrue(shape > raw + 0.15, "shape features " + shape + " vs raw pixels " + raw);
    }

    /** 8x8 cells of 6x6 pixels, 8 unsigned orientation bins weighted by gradient magnitude, L2-normalised. */
    private static float[] orientationHistograms(byte[] px) {
        int cell = 6, cells = 48 / cell, bins = 8;
        float[] f = new float[cells * cells * bins];
        for (int y = 1; y < 47; y++) {
            for (int x = 1; x < 47; x++) {
                double gx = (px[y * 48 + x + 1] & 0xFF) - (px[y * 48 + x - 1] & 0xFF);
                double gy = (px[(y + 1) * 48 + x] & 0xFF) - (px[(y - 1) * 48 + x] & 0xFF);
                double a = Math.atan2(gy, gx);
                if (a < 0) a += Math.PI;
                int b = Math.min(bins - 1, (int) (a / Math.PI * bins));
                f[((y / cell) * cells + x / cell) * bins + b] += (float) Math.hypot(gx, gy);
            }
        }
        double norm = 1e-6;
        for (float v : f) norm += v * v;
        norm = Math.sqrt(norm);
        for (int i = 0; i < f.length; i++) f[i] /= norm;
        return f;
    }
}
