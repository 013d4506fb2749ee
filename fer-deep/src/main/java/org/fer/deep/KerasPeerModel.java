package org.fer.deep;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.image.GrayImage;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published Keras 2 FER2013 model (HDF5, model + weights) imported with DL4J's Keras import, for comparison rows.
 * It keeps its own input contract, not {@link FaceTensorContract}: the face resized bilinearly to the model's input
 * side (64 for oarriaga's mini-Xception), then {@code (x/255 - 0.5) * 2}, channels-last. The output is taken as the 7
 * FER2013 class probabilities. Registered as a {@link ModelLoader} for {@code .h5/.hdf5} files.
 */
public final class KerasPeerModel implements EmotionClassifier {
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private final ComputationGraph graph;
    private final Path file;
    private final int side;
    private final boolean nhwc;

    private KerasPeerModel(ComputationGraph graph, Path file) {
        this.graph = graph;
        this.file = file;
        boolean channelsLast = true;
        for (var l : graph.getLayers())
            if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
                channelsLast = c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
                break;
            }
        this.nhwc = channelsLast;
        this.side = probeSide();
    }

    /** The input side the network accepts (the HDF5 config is not exposed after import): 64 (oarriaga), 48 or 96. */
    private int probeSide() {
        for (int s : new int[]{64, 48, 96}) {
            try {
                long[] shape = nhwc ? new long[]{1, s, s, 1} : new long[]{1, 1, s, s};
                INDArray p = graph.outputSingle(false, Nd4j.zeros(shape));
                if (p.length() == org.fer.core.Emotion.COUNT) return s;
            } catch (RuntimeException e) {
                // wrong size: try the next
            }
        }
        throw new FerException(file + ": cannot find an input size (64, 48, 96) this network accepts with 7 outputs");
    }

    public static KerasPeerModel load(Path file) {
        DeepRuntime.init();
        // oneDNN helpers give NaN on this imported graph (channels-last batch norm, seen with oarriaga's mini-Xception);
        // the layers pick their helpers when created, so build them with helpers off and restore the setting after.
        boolean allowed = Nd4j.getEnvironment().helpersAllowed();
        Nd4j.getEnvironment().allowHelpers(false);
        try {
            return new KerasPeerModel(KerasModelImport.importKerasModelAndWeights(file.toString(), false), file);
        } catch (Exception e) {
            throw new FerException(file + ": Keras import failed (" + e.getMessage() + ")");
        } finally {
            Nd4j.getEnvironment().allowHelpers(allowed);
        }
    }

    @Override
    public synchronized float[][] predictProba(List<Face48> faces) {
        float[][] out = new float[faces.size()][];
        int batch = 128;
        for (int from = 0; from < faces.size(); from += batch) {
            int m = Math.min(batch, faces.size() - from);
            float[] buf = new float[m * side * side];
            for (int i = 0; i < m; i++) {
                GrayImage g = GrayImage.of(faces.get(from + i));
                if (side != Face48.SIDE) g = g.resize(side, side);
                byte[] px = g.pixels();
                for (int k = 0; k < px.length; k++) buf[i * side * side + k] = ((px[k] & 0xFF) / 255f - 0.5f) * 2f;
            }
            long[] shape = nhwc ? new long[]{m, side, side, 1} : new long[]{m, 1, side, side};
            INDArray p = graph.outputSingle(false, Nd4j.create(buf, shape, 'c'));
            for (int i = 0; i < m; i++) out[from + i] = p.getRow(i).toFloatVector();
        }
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "keras-import");
        d.put("file", file.getFileName().toString());
        d.put("input", side + "x" + side + "x1 " + (nhwc ? "NHWC" : "NCHW") + ", bilinear resize, (x/255-0.5)*2");
        d.put("parameters", graph.numParams());
        return d;
    }

    @Override
    public void close() { graph.close(); }

    /** Loader for Keras HDF5 files (by extension and HDF5 signature). */
    public static final class Loader implements ModelLoader {
        @Override
        public boolean accepts(Path file) {
            String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!(n.endsWith(".h5") || n.endsWith(".hdf5")) || !Files.isRegularFile(file)) return false;
            try (InputStream in = Files.newInputStream(file)) {
                return Arrays.equals(in.readNBytes(8), HDF5_MAGIC);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public EmotionClassifier load(Path file) { return KerasPeerModel.load(file); }
    }
}
