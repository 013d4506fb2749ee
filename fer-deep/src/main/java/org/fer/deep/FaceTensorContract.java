package org.fer.deep;

import org.fer.core.Face48;
import org.fer.image.GrayImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The face → network-input contract of every fer-deep model; the one place that defines it.
 *
 * <p>Input: a 48x48 grayscale face, unsigned bytes 0..255, row-major (FER2013's layout, {@link Face48}). Any
 * other size is resized bilinearly to 48x48 first ({@link GrayImage#resize}). Output: a float tensor in
 * NCHW layout, shape {@code [n, 1, 48, 48]}, each pixel mapped to {@code p / 127.5 - 1} (range -1..1).
 * (A network built in the NHWC layout takes the same bytes as {@code [n, 48, 48, 1]}: with one channel the two layouts
 * coincide in memory, and {@link Networks.Layout#input} reshapes without copying.)
 * Saved models carry {@link #VERSION}; a model whose version differs is refused by the loader, so a
 * change here can never silently feed a model the wrong numbers.
 *
 * <p>Use: {@code INDArray x = FaceTensorContract.toInput(faces); float[][] p = model.predictProba(faces);}
 * — callers of {@link org.fer.model.EmotionClassifier} never need this class; fer-live may use
 * {@link #face(GrayImage)} to turn a detected face crop of any size into the {@link Face48} models take.
 */
public final class FaceTensorContract {
    /** Stored in every saved model; bump when anything below changes. */
    public static final String VERSION = "fer-face-nchw-1x48x48-pm1-v1";
    public static final int SIDE = Face48.SIDE;
    public static final int CHANNELS = 1;

    private FaceTensorContract() {}

    /** The normalisation of one pixel value 0..255. */
    public static float normalize(int pixel) { return pixel / 127.5f - 1f; }

    /** Any-size gray image (a detected face crop) → 48x48 face, bilinear. */
    public static Face48 face(GrayImage image) {
        GrayImage g = image.width() == SIDE && image.height() == SIDE ? image : image.resize(SIDE, SIDE);
        return Face48.of(g.pixels());
    }

    /** Faces → {@code [n, 1, 48, 48]} float tensor. */
    public static INDArray toInput(List<Face48> faces) {
        float[] buf = new float[faces.size() * Face48.PIXELS];
        for (int i = 0; i < faces.size(); i++) fill(faces.get(i).bytes(), 0, buf, i * Face48.PIXELS);
        return Nd4j.create(buf, new long[]{faces.size(), CHANNELS, SIDE, SIDE}, 'c');
    }

    /** One image of any size → {@code [1, 1, 48, 48]}. */
    public static INDArray toInput(GrayImage image) { return toInput(List.of(face(image))); }

    /** Faces {@code idx} of an N*2304 byte tensor → {@code [idx.length, 1, 48, 48]}. */
    public static INDArray toInput(byte[] tensor, int[] idx) {
        float[] buf = new float[idx.length * Face48.PIXELS];
        for (int k = 0; k < idx.length; k++) fill(tensor, idx[k] * Face48.PIXELS, buf, k * Face48.PIXELS);
        return Nd4j.create(buf, new long[]{idx.length, CHANNELS, SIDE, SIDE}, 'c');
    }

    /** Normalises 2304 bytes from {@code src[srcOff..]} into {@code dst[dstOff..]} (no allocation). */
    public static void fill(byte[] src, int srcOff, float[] dst, int dstOff) {
        for (int i = 0; i < Face48.PIXELS; i++) dst[dstOff + i] = (src[srcOff + i] & 0xFF) / 127.5f - 1f;
    }
}
