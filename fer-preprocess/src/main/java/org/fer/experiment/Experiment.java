package org.fer.experiment;

/**
 * One experiment of the report (e.g. svm-hog, cnn-xception). Modules register theirs in
 * {@code META-INF/services/org.fer.experiment.Experiment}; {@code fer bench} runs them and writes the report.
 * An experiment writes {@code metrics.json} (see {@link MetricsReport}) and plots into {@code ctx.outDir()}.
 */
public interface Experiment {
    /** Results folder name, e.g. "svm-hog". */
    String id();

    /** The row label in the report table, e.g. "SVM on HOG features". */
    String title();

    /** Lower runs first (features before the models that read them). */
    default int order() { return 100; }

    void run(ExperimentContext ctx) throws Exception;
}
