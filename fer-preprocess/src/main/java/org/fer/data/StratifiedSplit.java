package org.fer.data;

import org.fer.core.Emotion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded stratified hold-out: the same fraction of every class goes to validation, rounded per class. */
public final class StratifiedSplit {
    private StratifiedSplit() {}

    /** Indices (into {@code labels}) and the train/val membership, both in ascending order. */
    public record Result(int[] train, int[] val) {}

    public static Result split(int[] labels, double valFraction, long seed) {
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("val fraction must be in [0, 1), got " + valFraction);
        Random rnd = new Random(seed);
        boolean[] isVal = new boolean[labels.length];
        for (int c = 0; c < Emotion.COUNT; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) if (labels[i] == c) members.add(i);
            java.util.Collections.shuffle(members, rnd);
            int take = (int) Math.round(members.size() * valFraction);
            for (int k = 0; k < take; k++) isVal[members.get(k)] = true;
        }
        int nVal = 0;
        for (boolean v : isVal) if (v) nVal++;
        int[] train = new int[labels.length - nVal], val = new int[nVal];
        int t = 0, v = 0;
        for (int i = 0; i < labels.length; i++) if (isVal[i]) val[v++] = i; else train[t++] = i;
        return new Result(train, val);
    }

    public static int[] counts(int[] labels, int[] idx) {
        int[] c = new int[Emotion.COUNT];
        for (int i : idx) c[labels[i]]++;
        return c;
    }

    static int[] of(int... a) { return Arrays.copyOf(a, a.length); }
}
