package org.fer.features.hog;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Histogram of oriented gradients with the semantics of scikit-image 0.19's {@code skimage.feature.hog}
 * (single channel, {@code feature_vector=True}):
 * <ol>
 *   <li>optional square root of the image ({@code transform_sqrt});</li>
 *   <li>central differences inside the image, zero gradient on the first/last row (for d/drow) and the
 *       first/last column (for d/dcol) - of the window given, not of a larger image around it;</li>
 *   <li>unsigned orientation {@code deg(atan2(g_row, g_col)) mod 180}; a pixel votes its magnitude into
 *       bin i when {@code 180/n*i <= o < 180/n*(i+1)} (no interpolation between bins or cells); cells
 *       are whole {@code cellRows x cellCols} tiles from the top-left, partial cells are dropped; a cell's
 *       value is the sum (accumulated in float32, as skimage's Cython does) divided by the cell area;</li>
 *   <li>blocks of {@code blockRows x blockCols} cells at every cell position (stride 1 cell), each
 *       normalised (L1, L1-sqrt, L2, L2-Hys; eps = 1e-5) and written block by block, cell row, cell
 *       column, orientation.</li>
 * </ol>
 * Byte images have integer gradients in [-255, 255]; for them orientation bins and magnitudes come from
 * a lookup table computed once with the exact formula, so no trigonometry runs per pixel.
 * Instances are immutable and thread-safe.
 */
public final class Hog {
    private static final int G = 255, SPAN = 2 * G + 1;
    private static final double EPS = 1e-5;
    private static final double[] MAGNITUDE = new double[SPAN * SPAN];
    private static final ConcurrentHashMap<Integer, byte[]> BIN_TABLES = new ConcurrentHashMap<>();

    static {
        for (int gr = -G; gr <= G; gr++)
            for (int gc = -G; gc <= G; gc++)
                MAGNITUDE[(gr + G) * SPAN + gc + G] = Math.sqrt((double) (gr * gr + gc * gc));
    }

    private final HogParams p;
    private final byte[] binTable;
    private final double[] binStart, binEnd;

    public Hog(HogParams params) {
        this.p = params;
        int n = params.orientations();
        binStart = new double[n];
        binEnd = new double[n];
        double per180 = 180.0 / n;
        for (int i = 0; i < n; i++) {
            binStart[i] = per180 * (i + 1);
            binEnd[i] = per180 * i;
        }
        binTable = n <= 127 ? BIN_TABLES.computeIfAbsent(n, k -> buildBinTable()) : null;
    }

    public HogParams params() { return p; }

    /** Vector length for a {@code rows x cols} image or window. */
    public int dimension(int rows, int cols) { return p.dimension(rows, cols); }

    /** HOG of a whole row-major byte image. */
    public float[] compute(byte[] pixels, int width, int height) {
        float[] out = new float[dimension(height, width)];
        compute(pixels, 0, width, 0, 0, width, height, out, 0);
        return out;
    }

    /**
     * HOG of the {@code w x h} window at ({@code x0}, {@code y0}) of a byte image that starts at
     * {@code offset} in {@code pixels} with row length {@code stride}; the window is treated as an image
     * of its own (as skimage sees {@code image[y0:y0+h, x0:x0+w]}). Writes {@link #dimension}(h, w)
     * values at {@code out[outOffset]} and returns how many.
     */
    public int compute(byte[] pixels, int offset, int stride, int x0, int y0, int w, int h, float[] out, int outOffset) {
        int ncr = h / p.cellRows(), ncc = w / p.cellCols();
        int dim = dimension(h, w);
        if (dim == 0) return 0;
        float[] totals;
        if (p.transformSqrt() || binTable == null) {
            double[] img = new double[w * h];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double v = pixels[offset + (y0 + y) * stride + x0 + x] & 0xFF;
                    img[y * w + x] = p.transformSqrt() ? Math.sqrt(v) : v;
                }
            totals = cellTotals(img, w, h, ncr, ncc);
        } else {
            totals = cellTotalsBytes(pixels, offset, stride, x0, y0, w, h, ncr, ncc);
        }
        double[] blocks = normalise(totals, ncr, ncc);
        for (int i = 0; i < dim; i++) out[outOffset + i] = (float) blocks[i];
        return dim;
    }

    /** HOG of a real-valued image (values as given; no rescaling), in double as skimage returns it. */
    public double[] compute(double[] image, int width, int height) {
        if (image.length != width * height) throw new IllegalArgumentException("image has " + image.length + " values, not " + width + "x" + height);
        if (dimension(height, width) == 0) return new double[0];
        double[] img = image;
        if (p.transformSqrt()) {
            img = new double[image.length];
            for (int i = 0; i < img.length; i++) img[i] = Math.sqrt(image[i]);
        }
        int ncr = height / p.cellRows(), ncc = width / p.cellCols();
        return normalise(cellTotals(img, width, height, ncr, ncc), ncr, ncc);
    }

    /** skimage's orientation bin of a gradient, or -1 when the angle falls in no bin. */
    int bin(double gRow, double gCol) {
        double o = pyMod(Math.toDegrees(StrictMath.atan2(gRow, gCol)), 180.0);
        for (int i = 0; i < binStart.length; i++)
            if (o < binStart[i] && o >= binEnd[i]) return i;
        return -1;
    }

    private byte[] buildBinTable() {
        byte[] t = new byte[SPAN * SPAN];
        for (int gr = -G; gr <= G; gr++)
            for (int gc = -G; gc <= G; gc++)
                t[(gr + G) * SPAN + gc + G] = (byte) bin(gr, gc);
        return t;
    }

    /** numpy's float remainder: the result takes the divisor's sign. */
    private static double pyMod(double a, double b) {
        double m = a % b;
        if (m != 0) {
            if ((b < 0) != (m < 0)) m += b;
        } else {
            m = Math.copySign(0.0, b);
        }
        return m;
    }

    private float[] cellTotalsBytes(byte[] px, int offset, int stride, int x0, int y0, int w, int h, int ncr, int ncc) {
        int n = p.orientations(), cr = p.cellRows(), cc = p.cellCols();
        float[] tot = new float[ncr * ncc * n];
        int rows = ncr * cr, cols = ncc * cc;
        byte[] bins = binTable;
        int base = offset + y0 * stride + x0;
        for (int r = 0; r < rows; r++) {
            int row = base + r * stride;
            boolean edgeRow = r == 0 || r == h - 1;
            int cellRowBase = (r / cr) * ncc;
            for (int c = 0; c < cols; c++) {
                int gr = edgeRow ? 0 : (px[row + stride + c] & 0xFF) - (px[row - stride + c] & 0xFF);
                int gc = (c == 0 || c == w - 1) ? 0 : (px[row + c + 1] & 0xFF) - (px[row + c - 1] & 0xFF);
                int k = (gr + G) * SPAN + gc + G;
                int b = bins[k];
                if (b < 0) continue;
                int idx = (cellRowBase + c / cc) * n + b;
                tot[idx] = (float) (tot[idx] + MAGNITUDE[k]);
            }
        }
        float area = cr * cc;
        for (int i = 0; i < tot.length; i++) tot[i] = tot[i] / area;
        return tot;
    }

    private float[] cellTotals(double[] img, int w, int h, int ncr, int ncc) {
        int n = p.orientations(), cr = p.cellRows(), cc = p.cellCols();
        float[] tot = new float[ncr * ncc * n];
        int rows = ncr * cr, cols = ncc * cc;
        for (int r = 0; r < rows; r++) {
            boolean edgeRow = r == 0 || r == h - 1;
            for (int c = 0; c < cols; c++) {
                double gr = edgeRow ? 0 : img[(r + 1) * w + c] - img[(r - 1) * w + c];
                double gc = (c == 0 || c == w - 1) ? 0 : img[r * w + c + 1] - img[r * w + c - 1];
                int b = bin(gr, gc);
                if (b < 0) continue;
                int idx = ((r / cr) * ncc + c / cc) * n + b;
                tot[idx] = (float) (tot[idx] + Math.hypot(gc, gr));
            }
        }
        float area = cr * cc;
        for (int i = 0; i < tot.length; i++) tot[i] = tot[i] / area;
        return tot;
    }

    private double[] normalise(float[] tot, int ncr, int ncc) {
        int n = p.orientations(), br = p.blockRows(), bc = p.blockCols();
        int nbr = ncr - br + 1, nbc = ncc - bc + 1;
        int blockLen = br * bc * n;
        double[] out = new double[nbr * nbc * blockLen];
        double[] blk = new double[blockLen];
        int o = 0;
        for (int r = 0; r < nbr; r++)
            for (int c = 0; c < nbc; c++) {
                int k = 0;
                for (int i = 0; i < br; i++)
                    for (int j = 0; j < bc; j++) {
                        int src = ((r + i) * ncc + c + j) * n;
                        for (int q = 0; q < n; q++) blk[k++] = tot[src + q];
                    }
                normaliseBlock(blk);
                System.arraycopy(blk, 0, out, o, blockLen);
                o += blockLen;
            }
        return out;
    }

    private void normaliseBlock(double[] b) {
        switch (p.blockNorm()) {
            case L1, L1_SQRT -> {
                double s = 0;
                for (double v : b) s += Math.abs(v);
                s += EPS;
                boolean sqrt = p.blockNorm() == HogParams.BlockNorm.L1_SQRT;
                for (int i = 0; i < b.length; i++) b[i] = sqrt ? Math.sqrt(b[i] / s) : b[i] / s;
            }
            case L2 -> {
                double d = Math.sqrt(sumSq(b) + EPS * EPS);
                for (int i = 0; i < b.length; i++) b[i] /= d;
            }
            case L2_HYS -> {
                double d = Math.sqrt(sumSq(b) + EPS * EPS);
                for (int i = 0; i < b.length; i++) b[i] = Math.min(b[i] / d, 0.2);
                double d2 = Math.sqrt(sumSq(b) + EPS * EPS);
                for (int i = 0; i < b.length; i++) b[i] /= d2;
            }
        }
    }

    private static double sumSq(double[] b) {
        double s = 0;
        for (double v : b) s += v * v;
        return s;
    }
}
