package org.fer.features;

import org.fer.core.Face48;

import java.util.Map;

/**
 * Turns one 48x48 face into a fixed-length float vector.
 *
 * <p>Implementations are immutable after construction and {@link #extract} is thread-safe, so callers may
 * run it from many threads at once (scratch buffers are per call or per thread).
 */
public interface FeatureExtractor {

    /** Short name written into feature manifests: {@code hog}, {@code landmarks}, {@code landmarks-hog}, {@code sliding}. */
    String kind();

    /** Length of every vector {@link #extract} returns. */
    int dimension();

    /** Features of one face; a new array of {@link #dimension()} floats. */
    float[] extract(Face48 face);

    /**
     * Features of face {@code index} of an N*2304 uint8 tensor (as {@code Split.x()}) into
     * {@code out[outOffset .. outOffset+dimension())}. The default copies the face; implementations
     * override it to read the tensor in place.
     */
    default void extract(byte[] tensor, int index, float[] out, int outOffset) {
        float[] f = extract(Face48.fromTensor(tensor, index));
        System.arraycopy(f, 0, out, outOffset, f.length);
    }

    /**
     * Features of faces {@code first .. first+n-1} of an N*2304 tensor into {@code out}, row after row from
     * {@code outOffset}. Landmark-based extractors override this to predict a batch at once (faster).
     */
    default void extractAll(byte[] tensor, int first, int n, float[] out, int outOffset) {
        int d = dimension();
        for (int i = 0; i < n; i++) extract(tensor, first + i, out, outOffset + i * d);
    }

    /** Every parameter that changes the output, JSON-friendly (numbers, strings, booleans, lists). */
    Map<String, Object> parameters();
}
