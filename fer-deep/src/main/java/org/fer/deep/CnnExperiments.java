package org.fer.deep;

import org.fer.data.ProcessedDataset;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.experiment.MetricsReport;
import org.fer.io.Provenance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CNN rows of the report for {@code fer bench}. Quick mode (synthetic data, CI): {@value #QUICK_EPOCHS} epochs on
 * the first {@value #QUICK_TRAIN} training faces, batch {@value #QUICK_BATCH}, no augmentation — few faces seen many
 * times, so that every network visibly learns within about a minute on 2 cores (3 epochs on 600 faces left them near
 * chance); the settings are in each metrics.json's provenance parameters. Full mode: the settings of the shipped runs
 * (fer-deep/scripts/train-real.sh), resumable from the bench work folder.
 */
public final class CnnExperiments {
    static final int QUICK_EPOCHS = 8, QUICK_TRAIN = 420, QUICK_BATCH = 32;
    /** Networks whose committed real-data run trained from scratch without class weights (train-real.sh: --class-weights none). */
    static final java.util.Set<String> TRAINED_WITHOUT_CLASS_WEIGHTS = java.util.Set.of("inception", "xception-wide");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CnnExperiments.class);

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
            cfg = new TrainConfig(network, ctx.quick() ? QUICK_EPOCHS : cfg.epochs(), ctx.quick() ? QUICK_BATCH : cfg.batch(), cfg.lr(), cfg.l2(), ctx.seed(),
                    ctx.quick() ? cfg.balanced() : !TRAINED_WITHOUT_CLASS_WEIGHTS.contains(network), ctx.quick() ? Augmenter.NONE : cfg.augment(), cfg.patience(), cfg.lrPatience(), cfg.lrFactor(),
                    cfg.minLr(), 0, ctx.quick() ? QUICK_TRAIN : 0);
            Path work = Files.createDirectories(ctx.workDir().resolve("train"));
            InputAdapter adapter = null;
            if (Networks.takesFeatures(network)) {
                if (ctx.quick() && !org.fer.features.landmarks.ShapePredictor.defaultAvailable()) {
                    // CI without dlib's model: the demo still runs, on HOG alone (recorded in the model's input_adapter)
                    LOG.warn("landmark model not found at {} (sudo apt-get install libdlib-data): quick {} uses HOG features only",
                            org.fer.features.landmarks.ShapePredictor.defaultPath(), id());
                    adapter = HybridInputs.create(org.fer.features.FeatureKind.HOG);
                } else adapter = HybridInputs.createDefault();
            }
            Trainer.Result r = Trainer.train(ds.split("train"), ds.split("val"), cfg, work, !ctx.quick(), adapter);
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

    public static final class XceptionWide extends Cnn {
        public XceptionWide() { super("xception-wide"); }
        @Override public String title() { return "mini-Xception at twice the width (DL4J)"; }
    }

    public static final class Inception extends Cnn {
        public Inception() { super("inception"); }
        @Override public String title() { return "Inception CNN (DL4J)"; }
    }

    public static final class Dexpression extends Cnn {
        public Dexpression() { super("dexpression"); }
        @Override public String title() { return "DeXpression CNN (DL4J)"; }
    }

    public static final class Hybrid extends Cnn {
        public Hybrid() { super("hybrid"); }
        @Override public String title() { return "Hybrid CNN + landmarks/HOG (DL4J)"; }
    }
}
