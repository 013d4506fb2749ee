package org.fer.classic;

import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;

import java.util.List;

/** The classic rows of the report, for {@code fer bench}. */
public final class ClassicExperiments {
    private ClassicExperiments() {}

    /** The grid of the real-data lgbm-flat row (also the one documented in the README). */
    static List<LgbmConfig> fullLgbmGrid(long seed) {
        LgbmConfig base = LgbmConfig.defaults().rounds(800, 40).bagging(0.5, 32);
        return LgbmCommand.grid(base, List.of(31, 63), List.of(0.1), List.of(0.2), 1, seed);
    }

    public static final class LgbmFlat implements Experiment {
        @Override public String id() { return "lgbm-flat"; }
        @Override public String title() { return "LightGBM on the flat image"; }
        @Override public int order() { return 300; }

        @Override
        public void run(ExperimentContext ctx) {
            long t0 = System.nanoTime();
            FeatureInput in = FeatureInput.flat(ctx.dataDir());
            List<LgbmConfig> grid = ctx.quick()
                    ? LgbmCommand.grid(LgbmConfig.defaults().rounds(80, 15), List.of(7, 15), List.of(0.2), List.of(0.3), 1, ctx.seed())
                    : fullLgbmGrid(ctx.seed());
            List<String> weights = ctx.quick() ? List.of("balanced") : List.of("balanced", "sqrt");
            LgbmRun.run(id(), "fer bench (" + id() + (ctx.quick() ? ", quick" : "") + ")", in, ctx.outDir(), grid, weights, ctx.seed(), t0);
        }
    }

    /** An SVM on one fer-features kind: reads the bench's (or data/features') feature directory, else computes it. */
    public abstract static class SvmOn implements Experiment {
        private final String kind;
        private final int rffDim, gridRows;

        SvmOn(String kind) { this(kind, 4000, 6000); }

        /** The real-data settings of the results/ row (the sliding window's 2728-d input gets a smaller map). */
        SvmOn(String kind, int rffDim, int gridRows) {
            this.kind = kind;
            this.rffDim = rffDim;
            this.gridRows = gridRows;
        }

        @Override public String id() { return "svm-" + kind; }
        @Override public int order() { return 310; }

        @Override
        public void run(ExperimentContext ctx) {
            long t0 = System.nanoTime();
            FeatureInput in = FeatureInput.features(FeatureLocator.findOrCompute(kind, ctx.dataDir(), ctx.workDir()));
            SvmRun.Options o = ctx.quick()
                    ? new SvmRun.Options("rbf", "rff", List.of(1.0, 10.0), null, 300, 0, 20, List.of("balanced", "sqrt"), ctx.seed())
                    : new SvmRun.Options("rbf", "rff", List.of(0.1, 1.0, 10.0), null, rffDim, gridRows, 40, List.of("balanced", "sqrt", "none"), ctx.seed());
            SvmRun.run(id(), "fer bench (" + id() + (ctx.quick() ? ", quick" : "") + ") = fer svm --features " + in.dir() + " " + o.describe(),
                    in, ctx.outDir(), o, t0);
        }
    }

    public static final class SvmHog extends SvmOn {
        public SvmHog() { super("hog"); }
        @Override public String title() { return "SVM on HOG features"; }
    }

    public static final class SvmLandmarks extends SvmOn {
        public SvmLandmarks() { super("landmarks"); }
        @Override public String title() { return "SVM on facial landmarks"; }
    }

    public static final class SvmLandmarksHog extends SvmOn {
        public SvmLandmarksHog() { super("landmarks-hog"); }
        @Override public String title() { return "SVM on landmarks + HOG"; }
    }

    public static final class SvmSliding extends SvmOn {
        public SvmSliding() { super("sliding"); }
        @Override public String title() { return "SVM on sliding-window landmarks + HOG"; }
    }
}
