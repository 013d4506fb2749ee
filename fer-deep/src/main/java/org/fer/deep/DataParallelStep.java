package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One training step split across two copies of the network, each on its own thread: the master computes the gradient of
 * the first half of the batch while a replica (synchronised to the master's parameters before every step) computes the
 * second half's; the two are averaged and the master's own Adam updater applies the result, exactly as DL4J's
 * {@code fit} does for one batch (updater, parameter step, iteration count). Why: on this machine's 2 cores ND4J's
 * per-op threading scales poorly on small networks (the mini-Xception trains 1.35x faster with 2 threads than with 1),
 * while two independent halves keep both cores busy.
 *
 * <p>Same function as a plain step on the whole batch, except batch normalisation: in training mode each half
 * normalises with its own statistics (32 faces instead of 64, "ghost batch norm"), and the moving averages take the mean
 * of the two halves' updates. Halves must be equal: an odd batch falls back to the plain step. Gradients are summed per
 * example by the loss and divided by the batch size in the updater, so averaging the two and passing half the batch size
 * gives the whole batch's update; the batch-norm statistics (not divided) get the mean of the two halves' updates.
 *
 * <p>Dropout draws on each thread's own ND4J random generator: {@link #seed} seeds both, so a run stays reproducible.
 */
public final class DataParallelStep implements AutoCloseable {
    private final ComputationGraph master;
    private final ComputationGraph replica;
    private final ExecutorService worker;

    public DataParallelStep(ComputationGraph master) {
        this(master, true);
    }

    /** As above; {@code fastBatchNorm} false leaves the replica with DL4J's batch-norm helper (side-by-side speed runs). */
    DataParallelStep(ComputationGraph master, boolean fastBatchNorm) {
        this.master = master;
        this.replica = master.clone();
        if (fastBatchNorm) FastBatchNorm.install(replica); // a clone gets DL4J's default helpers
        Networks.setCacheMode(replica, master.getConfiguration().getCacheMode());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fer-replica");
            t.setDaemon(true);
            return t;
        });
        await(worker.submit(() -> {
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
            return null;
        }));
    }

    /** The second copy of the network (tests). */
    ComputationGraph replica() { return replica; }

    /** Seeds the master thread's and the replica thread's ND4J generators (dropout), e.g. at the start of each epoch. */
    public void seed(long masterSeed, long replicaSeed) {
        Nd4j.getRandom().setSeed(masterSeed);
        await(worker.submit(() -> {
            Nd4j.getRandom().setSeed(replicaSeed);
            return null;
        }));
    }

    /** One update of the master on the batch ({@code in} and {@code labels} with the batch in dimension 0); returns the mean loss. */
    public double fit(INDArray[] in, INDArray[] labels) {
        long m = labels[0].size(0);
        if (m % 2 != 0 || m < 4) {
            master.fit(in, labels);
            return master.score();
        }
        long h = m / 2;
        // One OpenMP thread per op on each of the two threads (OpenMP's thread count is per calling thread): with more, the
        // two halves over-subscribe 2 cores and the split gains nothing (measured, results/cnn-speed/replicas).
        var omp = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        var blas = Nd4j.factory().blas();
        int threads = omp.ompGetMaxThreads(), blasThreads = blas.getMaxThreads();
        omp.setOmpNumThreads(1);
        blas.setMaxThreads(1); // BLAS (dense layers) keeps its own thread pool, shared by both threads
        try {
            return parallelFit(in, labels, m, h);
        } finally {
            omp.setOmpNumThreads(threads);
            blas.setMaxThreads(blasThreads);
        }
    }

    private double parallelFit(INDArray[] in, INDArray[] labels, long m, long h) {
        replica.params().assign(master.params()); // weights and batch-norm moving statistics
        INDArray[] inB = rows(in, h, m), labB = rows(labels, h, m);
        Future<Double> b = worker.submit(() -> {
            replica.setInputs(inB);
            replica.setLabels(labB);
            replica.computeGradientAndScore();
            return replica.score();
        });
        master.setInputs(rows(in, 0, h));
        master.setLabels(rows(labels, 0, h));
        master.computeGradientAndScore();
        double scoreA = master.score();
        double scoreB = await(b);
        INDArray grad = master.getFlattenedGradients();
        grad.addi(replica.getFlattenedGradients()).muli(0.5);
        master.getUpdater().update(master.gradient(), master.getIterationCount(), master.getEpochCount(), (int) h,
                LayerWorkspaceMgr.noWorkspaces());
        master.params().subi(grad.reshape(master.params().shape()));
        org.deeplearning4j.optimize.solvers.BaseOptimizer.incrementIterationCount(master, 1);
        master.clearLayersStates();
        replica.clearLayersStates();
        return (scoreA + scoreB) / 2;
    }

    private static INDArray[] rows(INDArray[] a, long from, long to) {
        INDArray[] r = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i].get(NDArrayIndex.interval(from, to)).dup();
        return r;
    }

    private static <T> T await(Future<T> f) {
        return org.fer.core.Futures.await(f, "computing the replica's half of the batch");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
