package org.fer.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StratifiedSplitTest {
    @Test
    void eachClassKeepsItsShareAndTheSplitIsAPartition() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) labels[i] = i < 20 ? 1 : (i % 7 == 1 ? 0 : i % 7);
        StratifiedSplit.Result r = StratifiedSplit.split(labels, 0.1, 42);
        int[] all = StratifiedSplit.counts(labels, java.util.stream.IntStream.range(0, labels.length).toArray());
        int[] val = StratifiedSplit.counts(labels, r.val());
        for (int c = 0; c < 7; c++) assertEquals(Math.round(all[c] * 0.1), val[c], "class " + c);
        assertEquals(labels.length, r.train().length + r.val().length);
        boolean[] seen = new boolean[labels.length];
        for (int i : r.train()) seen[i] = true;
        for (int i : r.val()) { assertFalse(seen[i]); seen[i] = true; }
    }

    @Test
    void sameSeedSameSplit() {
        int[] labels = new int[300];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 7;
        assertArrayEquals(StratifiedSplit.split(labels, 0.2, 5).val(), StratifiedSplit.split(labels, 0.2, 5).val());
    }
}
