package org.fer.classic;

import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import org.fer.core.FerException;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One LightGBM booster, owned: {@link #close()} frees the native model (idempotent), and {@link #openCount()}
 * counts live handles so tests can prove a grid search leaks none.
 *
 * <p>Prediction does not use {@code LGBMBooster.predictForMat}: lightgbm4j 4.3.0-1 sizes its output buffer as
 * 2 x rows (binary / regression), while a 7-class model writes 7 x rows doubles into it, overrunning native
 * memory (heap corruption, sometimes a JVM crash). {@link #predictProba} asks LightGBM for the exact size
 * ({@code LGBM_BoosterCalcNumPredict}) and calls {@code LGBM_BoosterPredictForMat} with a buffer of that size.
 */
public final class LightGbm implements AutoCloseable {
    static {
        LightGbmNative.load();  // before lightgbm4j's own loader runs: private copy of the .so per process
    }

    private static final AtomicInteger OPEN = new AtomicInteger();
    /** Rows per native predict call: bounds the native copy of the input. */
    private static final int CHUNK = 2048;

    private final LGBMBooster booster;
    private final int numClasses;
    private final int numFeatures;
    private int iterations;
    private boolean closed;

    private LightGbm(LGBMBooster booster, int iterations) {
        this.booster = booster;
        OPEN.incrementAndGet();
        try {
            this.numClasses = booster.getNumClasses();
            this.numFeatures = booster.getNumFeature();
        } catch (LGBMException e) {
            close();
            throw new FerException("LightGBM: " + e.getMessage(), e);
        }
        this.iterations = iterations;
    }

    public static int openCount() { return OPEN.get(); }

    /** A new booster on {@code train} with LightGBM's parameter string; add validation sets with {@link #addValid}. */
    public static LightGbm create(LGBMDataset train, String params) {
        try {
            return new LightGbm(LGBMBooster.create(train, params), 0);
        } catch (LGBMException e) {
            throw new FerException("LightGBM: cannot create booster (" + e.getMessage() + ")", e);
        }
    }

    public static LightGbm fromString(String model) {
        try {
            LGBMBooster b = LGBMBooster.loadModelFromString(model);
            LightGbm g = new LightGbm(b, 0);
            g.iterations = g.currentIteration();
            return g;
        } catch (LGBMException e) {
            throw new FerException("LightGBM: cannot load model (" + e.getMessage() + ")", e);
        }
    }

    public void addValid(LGBMDataset valid) {
        try { booster.addValidData(valid); } catch (LGBMException e) { throw new FerException("LightGBM: " + e.getMessage(), e); }
    }

    /** One boosting round; false when LightGBM can split no further. */
    public boolean step() {
        try {
            boolean finished = booster.updateOneIter();
            iterations++;
            return !finished;
        } catch (LGBMException e) {
            throw new FerException("LightGBM: " + e.getMessage(), e);
        }
    }

    /** The first metric on data set {@code index} (0 = train, 1 = first validation set). */
    public double eval(int index) {
        try { return booster.getEval(index)[0]; } catch (LGBMException e) { throw new FerException("LightGBM: " + e.getMessage(), e); }
    }

    public int iterations() { return iterations; }
    public int numClasses() { return numClasses; }
    public int numFeatures() { return numFeatures; }

    private int currentIteration() {
        SWIGTYPE_p_int out = lightgbmlib.new_intp();
        try {
            check(lightgbmlib.LGBM_BoosterGetCurrentIteration(handle(), out));
            return lightgbmlib.intp_value(out);
        } finally {
            lightgbmlib.delete_intp(out);
        }
    }

    /** The model text with the first {@code numIterations} rounds (0 = all). */
    public String save(int numIterations) {
        try {
            return booster.saveModelToString(0, numIterations, LGBMBooster.FeatureImportanceType.GAIN);
        } catch (LGBMException e) {
            throw new FerException("LightGBM: cannot save model (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Class probabilities of {@code rows x cols} row-major features using the first {@code numIterations} rounds
     * (0 = all): {@code rows x numClasses} row-major.
     */
    public double[] predictProba(float[] x, int rows, int cols, int numIterations) {
        if (closed) throw new IllegalStateException("booster closed");
        if (cols != numFeatures) throw new FerException("LightGBM model expects " + numFeatures + " features, got " + cols);
        double[] out = new double[rows * numClasses];
        for (int from = 0; from < rows; from += CHUNK) {
            int n = Math.min(CHUNK, rows - from);
            predictChunk(x, from, n, cols, numIterations, out);
        }
        return out;
    }

    /** Output values LightGBM will write for {@code rows} rows: the size the buffer must have. */
    public long outputSize(int rows, int numIterations) {
        SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
        try {
            check(lightgbmlib.LGBM_BoosterCalcNumPredict(handle(), rows, lightgbmlib.C_API_PREDICT_NORMAL, 0, numIterations, len));
            return lightgbmlib.int64_tp_value(len);
        } finally {
            lightgbmlib.delete_int64_tp(len);
        }
    }

    private void predictChunk(float[] x, int from, int n, int cols, int numIterations, double[] out) {
        long need = outputSize(n, numIterations);
        if (need != (long) n * numClasses) throw new IllegalStateException("LightGBM wants " + need + " outputs for " + n + " rows of " + numClasses + " classes");
        SWIGTYPE_p_float in = lightgbmlib.new_floatArray((long) n * cols);
        SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
        SWIGTYPE_p_double res = lightgbmlib.new_doubleArray(need);  // rows x classes: the size lightgbm4j gets wrong
        try {
            int base = from * cols;
            for (int i = 0, m = n * cols; i < m; i++) lightgbmlib.floatArray_setitem(in, i, x[base + i]);
            check(lightgbmlib.LGBM_BoosterPredictForMat(handle(), lightgbmlib.float_to_voidp_ptr(in), lightgbmlib.C_API_DTYPE_FLOAT32,
                    n, cols, 1, lightgbmlib.C_API_PREDICT_NORMAL, 0, numIterations, "", len, res));
            long got = lightgbmlib.int64_tp_value(len);
            if (got != need) throw new IllegalStateException("LightGBM wrote " + got + " values, expected " + need);
            int o = from * numClasses;
            for (int i = 0; i < got; i++) out[o + i] = lightgbmlib.doubleArray_getitem(res, i);
        } finally {
            lightgbmlib.delete_floatArray(in);
            lightgbmlib.delete_int64_tp(len);
            lightgbmlib.delete_doubleArray(res);
        }
    }

    /** The buffer size lightgbm4j's own predictForMat would allocate (read reflectively; for the work-around's test). */
    public long libraryBufferSize(int rows, int cols) {
        try {
            Method m = LGBMBooster.class.getDeclaredMethod("outBufferSize", int.class, int.class, PredictionType.class);
            m.setAccessible(true);
            return (long) m.invoke(booster, rows, cols, PredictionType.C_API_PREDICT_NORMAL);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lightgbm4j internals changed: " + e, e);
        }
    }

    /** The raw booster pointer: lightgbm4j keeps it private, and the work-around needs it. */
    private SWIGTYPE_p_void handle() {
        if (closed) throw new IllegalStateException("booster closed");
        try {
            Field f = LGBMBooster.class.getDeclaredField("handle");
            f.setAccessible(true);
            return lightgbmlib.voidpp_value((SWIGTYPE_p_p_void) f.get(booster));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lightgbm4j internals changed (no LGBMBooster.handle): " + e, e);
        }
    }

    private static void check(int rc) {
        if (rc < 0) throw new FerException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        OPEN.decrementAndGet();
        try {
            booster.close();
        } catch (LGBMException e) {
            throw new FerException("LightGBM: cannot free booster (" + e.getMessage() + ")", e);
        }
    }

    /** A native dataset from row-major floats with labels and per-row weights; close it after training. */
    public static LGBMDataset dataset(FeatureMatrix m, float[] weights, String params, LGBMDataset reference) {
        try {
            LGBMDataset d = LGBMDataset.createFromMat(m.x(), m.rows(), m.cols(), true, params, reference);
            float[] label = new float[m.rows()];
            for (int i = 0; i < label.length; i++) label[i] = m.y()[i];
            d.setField("label", label);
            if (weights != null) d.setField("weight", weights);
            return d;
        } catch (LGBMException e) {
            throw new FerException("LightGBM: cannot build dataset '" + m.name() + "' (" + e.getMessage() + ")", e);
        }
    }
}
