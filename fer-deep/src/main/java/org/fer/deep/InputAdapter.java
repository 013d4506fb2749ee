package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Extra network inputs computed from the faces themselves, for networks that take more than the image (the
 * {@code hybrid}'s feature vector, input {@value Networks#FEATURE_INPUT}). Image-only networks have none
 * ({@code null} everywhere) and keep the one-tensor path unchanged.
 *
 * <p>Implementations must be thread-safe: the trainer calls {@link #features} on its batch-preparation thread.
 */
public interface InputAdapter {
    /** Metadata key under which a saved model records its adapter ({@link #toMeta()}). */
    String META_KEY = "input_adapter";

    /** Length of the extra vector per face. */
    int dimension();

    /** Extra vectors of faces {@code idx} of an N*2304 byte tensor, row after row ({@code idx.length * dimension()} floats). */
    float[] features(byte[] tensor, int[] idx);

    /**
     * Extra vectors of {@code m} faces given as the {@link FaceTensorContract}'s normalised floats (the trainer's augmented
     * faces): mapped back to bytes (exact for unaugmented faces), then {@link #features}.
     */
    default float[] featuresOfNormalised(float[] x, int m) {
        byte[] px = new byte[m * org.fer.core.Face48.PIXELS];
        for (int i = 0; i < px.length; i++) px[i] = (byte) Math.max(0, Math.min(255, Math.round((x[i] + 1f) * 127.5f)));
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return features(px, idx);
    }

    /** Everything needed to rebuild this adapter at load time (stored under {@link #META_KEY}). */
    Map<String, Object> toMeta();

    /** The graph's inputs in order: the face tensor, then the extra vectors ({@code m} rows). */
    default INDArray[] inputs(INDArray images, float[] features, int m) {
        return new INDArray[]{images, org.nd4j.linalg.factory.Nd4j.create(features, new long[]{m, dimension()}, 'c')};
    }

    /** Softmax of a two-input graph. */
    default INDArray output(ComputationGraph g, INDArray images, float[] features, int m) {
        return g.output(false, inputs(images, features, m))[0];
    }

    /** The adapter a saved model's metadata asks for, or {@code null} for an image-only model. */
    @SuppressWarnings("unchecked")
    static InputAdapter fromMeta(Map<String, Object> meta) {
        Object a = meta == null ? null : meta.get(META_KEY);
        if (a == null) return null;
        if (!(a instanceof Map<?, ?> m)) throw new org.fer.core.FerException("model metadata: '" + META_KEY + "' is not an object");
        return HybridInputs.fromMeta((Map<String, Object>) m);
    }
}
