package org.fer.deep;

import org.fer.data.ProcessedDataset;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.experiment.MetricsReport;
import org.fer.io.Provenance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CNN rows of the report for {@code fer bench}. Quick mode (synthetic data, CI): 3 epochs on at most 600
 * training faces, no augmentation. Full mode: the settings of the shipped runs (fer-deep/scripts/train-real.sh),
 * resumable from the bench work folder.
 */
public final class CnnExperiments {
    private CnnExperiments() {}

    abstract static class Cnn implements Experiment {
        private final String network;

        Cnn(String network) { this.network = network; }

        @Override public String id() { return "cnn-" + network; }
        @Override public int order() { return 400; }

        @Override
        public void run(ExperimentContext ctx) throws Exception {
            DeepRuntime.init();
            long t0 = System.nanoTime();
            String commit = Provenance.gitCommit();
            ProcessedDataset ds = ProcessedDataset.open(ctx.dataDir());
            TrainConfig cfg = TrainConfig.defaults(network);
            cfg = new TrainConfig(network, ctx.quick() ? 3 : cfg.epochs(), ctx.quick() ? 32 : cfg.batch(), cfg.lr(), cfg.l2(), ctx.seed(),
                    cfg.balanced(), ctx.quick() ? Augmenter.NONE : cfg.augment(), cfg.patience(), cfg.lrPatience(), cfg.lrFactor(),
                    cfg.minLr(), 0, ctx.quick() ? 600 : 0);
            Path work = Files.createDirectories(ctx.workDir().resolve("train"));
            Trainer.Result r = Trainer.train(ds.split("train"), ds.split("val"), cfg, work, !ctx.quick());
            Files.createDirectories(ctx.outDir());
            Files.copy(work.resolve(Trainer.HISTORY), ctx.outDir().resolve(Trainer.HISTORY), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            TrainCommand.report(id(), new DeepModel(r.best(), ModelFile.meta(work.resolve(Trainer.BEST))), ds, MetricsReport.reportSplits(ds), r,
                    ctx.outDir(), "fer bench (" + id() + (ctx.quick() ? ", quick" : "") + ")", (System.nanoTime() - t0) / 1e9, commit);
        }
    }

    public static final class Simple extends Cnn {
        public Simple() { super("simple"); }
        @Override public String title() { return "Simple CNN (DL4J)"; }
    }

    public static final class Xception extends Cnn {
        public Xception() { super("xception"); }
        @Override public String title() { return "mini-Xception CNN (DL4J)"; }
    }
}
