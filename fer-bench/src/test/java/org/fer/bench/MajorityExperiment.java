package org.fer.bench;

import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.experiment.MetricsReport;

import java.util.Map;

/** A test-only experiment: predicts the most frequent training class. */
public final class MajorityExperiment implements Experiment {
    static final String ID = "test-majority";

    @Override public String id() { return ID; }
    @Override public String title() { return "Majority class (test only)"; }

    @Override
    public void run(ExperimentContext ctx) {
        ProcessedDataset ds = ProcessedDataset.open(ctx.dataDir());
        int[] counts = ds.split("train").classCounts();
        int best = 0;
        for (int c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
        MetricsReport r = new MetricsReport(ID, Map.of("kind", "majority"));
        for (String s : MetricsReport.reportSplits(ds)) {
            Split sp = ds.split(s);
            int[] pred = new int[sp.size()];
            java.util.Arrays.fill(pred, best);
            r.addSplit(s, sp.y(), pred, 0, ctx.outDir());
        }
        r.write(ctx.outDir());
    }
}
