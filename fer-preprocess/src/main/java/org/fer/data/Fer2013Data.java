package org.fer.data;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.Usage;

import java.util.List;

/**
 * Every valid row of a FER2013 CSV, in file order: pixels (rows x 2304 unsigned bytes), labels 0..6,
 * the Usage of each row, and each row's 0-based index among the file's data rows.
 */
public record Fer2013Data(String source, byte[] pixels, byte[] labels, byte[] usage, int[] rowIndex,
                          List<RowError> skipped, String csvSha256, long csvBytes) {
    public int rows() { return labels.length; }

    public int label(int i) { return labels[i]; }

    public Usage usage(int i) { return Usage.values()[usage[i]]; }

    public Face48 face(int i) { return Face48.fromTensor(pixels, i); }

    public int[] classCounts(Usage u) {
        int[] c = new int[Emotion.COUNT];
        for (int i = 0; i < rows(); i++) if (usage[i] == u.ordinal()) c[labels[i]]++;
        return c;
    }
}
