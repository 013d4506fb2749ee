package org.fer.features.hog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of {@link Hog}, named and defaulted as in scikit-image's {@code skimage.feature.hog}
 * (rows first, as skimage's tuples are).
 *
 * <p>{@link #SEED}: the seed's parameters (amineHorseman's facial-expression-recognition-svm):
 * 8 orientations, 16x16-pixel cells, 1x1-cell blocks; its scikit-image of 2017 (0.13) defaulted the
 * block norm to L1 (0.15 changed the default to L2-Hys), so L1 is what its feature vectors used.
 */
public record HogParams(int orientations, int cellRows, int cellCols, int blockRows, int blockCols,
                        BlockNorm blockNorm, boolean transformSqrt) {

    /** skimage's {@code block_norm}. */
    public enum BlockNorm {
        L1("L1"), L1_SQRT("L1-sqrt"), L2("L2"), L2_HYS("L2-Hys");

        private final String skimageName;

        BlockNorm(String skimageName) { this.skimageName = skimageName; }

        public String skimageName() { return skimageName; }

        /** Accepts skimage's spelling ({@code L2-Hys}) or the enum name ({@code L2_HYS}), any case. */
        public static BlockNorm parse(String s) {
            for (BlockNorm b : values())
                if (b.skimageName.equalsIgnoreCase(s) || b.name().equalsIgnoreCase(s)) return b;
            throw new IllegalArgumentException("unknown block norm '" + s + "' (use L1, L1-sqrt, L2 or L2-Hys)");
        }
    }

    /** skimage's own defaults: orientations=9, pixels_per_cell=(8,8), cells_per_block=(3,3), block_norm='L2-Hys'. */
    public static final HogParams SKIMAGE_DEFAULT = new HogParams(9, 8, 8, 3, 3, BlockNorm.L2_HYS, false);
    /** The seed's whole-face HOG: 8 orientations, 16x16 cells, 1x1 blocks, L1 (72 values on 48x48). */
    public static final HogParams SEED = new HogParams(8, 16, 16, 1, 1, BlockNorm.L1, false);
    /** The seed's per-window HOG in the sliding-window features: 8 orientations, 8x8 cells, 1x1 blocks, L1. */
    public static final HogParams SEED_WINDOW = new HogParams(8, 8, 8, 1, 1, BlockNorm.L1, false);

    public HogParams {
        if (orientations < 1) throw new IllegalArgumentException("orientations must be >= 1, got " + orientations);
        if (cellRows < 1 || cellCols < 1) throw new IllegalArgumentException("pixels per cell must be >= 1, got " + cellRows + "x" + cellCols);
        if (blockRows < 1 || blockCols < 1) throw new IllegalArgumentException("cells per block must be >= 1, got " + blockRows + "x" + blockCols);
        if (blockNorm == null) throw new IllegalArgumentException("block norm missing");
    }

    public HogParams withBlockNorm(BlockNorm n) { return new HogParams(orientations, cellRows, cellCols, blockRows, blockCols, n, transformSqrt); }

    /** Cells along an axis of {@code size} pixels (skimage: floor division; partial cells are dropped). */
    public static int cells(int size, int cell) { return size / cell; }

    /** Length of the vector for an image of {@code rows x cols} pixels; 0 when it holds no whole block. */
    public int dimension(int rows, int cols) {
        int br = cells(rows, cellRows) - blockRows + 1, bc = cells(cols, cellCols) - blockCols + 1;
        if (br <= 0 || bc <= 0) return 0;
        return br * bc * blockRows * blockCols * orientations;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orientations", orientations);
        m.put("pixels_per_cell", java.util.List.of(cellRows, cellCols));
        m.put("cells_per_block", java.util.List.of(blockRows, blockCols));
        m.put("block_norm", blockNorm.skimageName());
        m.put("transform_sqrt", transformSqrt);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "HOG(orientations=%d, pixels_per_cell=(%d,%d), cells_per_block=(%d,%d), block_norm=%s%s)",
                orientations, cellRows, cellCols, blockRows, blockCols, blockNorm.skimageName(), transformSqrt ? ", transform_sqrt" : "");
    }
}
