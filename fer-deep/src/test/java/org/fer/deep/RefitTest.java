package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.MetricsReport;
import org.fer.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A refit trains on train + val with its source run's epoch count and per-epoch learning rates, and never reports val. */
class RefitTest {
    static Split train, val;

    @BeforeAll
    static void data() {
        DeepRuntime.init();
        train = SynthData.split("train", 30, 0, 11);
        val = SynthData.split("val", 10, 100_000, 11);
    }

    /** A source run whose LR halves after every epoch without a new best, so its schedule is not constant. */
    static TrainConfig source() {
        return new TrainConfig("tiny", 5, 32, 3e-3, 1e-4, 5, true, Augmenter.DEFAULT, 50, 1, 0.5, 1e-5, 0, 0);
    }

    @Test
    void replaysTheSourcesLearningRatesOnTrainAndVal(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src"), refit = dir.resolve("refit");
        Trainer.train(train, val, source(), src, false);
        List<String> hist = Files.readAllLines(src.resolve(Trainer.HISTORY));
        List<Double> lr = RefitSchedule.lrOfEpochs(src.resolve(Trainer.HISTORY), 4);
        for (int e = 1; e <= 4; e++) assertEquals(Double.parseDouble(hist.get(e).split(",")[5]), lr.get(e - 1), 0);
        RefitSchedule schedule = new RefitSchedule(src.toString(), "sha", List.of(3e-3, 3e-3, 1.5e-3, 7.5e-4));
        Trainer.Result r = Trainer.train(train, val, source().asRefit(schedule, 5), refit, false);
        assertEquals(4, r.state().epoch, "the schedule's length is the epoch count");
        assertEquals(4, r.state().bestEpoch, "the last epoch is kept");
        List<String> rows = Files.readAllLines(refit.resolve(Trainer.HISTORY));
        assertEquals(5, rows.size());
        for (int e = 1; e <= 4; e++) {
            String[] f = rows.get(e).split(",", -1);
            assertEquals(schedule.lrOfEpoch(e), Double.parseDouble(f[5]), 0, "epoch " + e + " learning rate");
            assertEquals("", f[4], "no val accuracy in a refit's history");
        }
        Map<String, Object> meta = ModelFile.meta(refit.resolve(Trainer.BEST));
        assertFalse(meta.containsKey("val_accuracy"), "a refit has no val accuracy");
        assertTrue(DeepModel.isRefit(meta));
        try (DeepModel m = DeepModel.load(refit.resolve(Trainer.BEST))) {
            assertEquals(List.of("train", "val"), m.describe().get(MetricsReport.TRAINED_ON));
        }
        ComputationGraph last = ModelFile.load(refit.resolve(Trainer.CHECKPOINT), false);
        assertTrue(last.params().equalsWithEps(r.best().params(), 0), "model.zip is the last epoch's network");
    }

    @Test
    void trainsOnEveryTrainAndValFaceWithClassWeightsOfBoth() {
        Split both = Trainer.withVal(train, val);
        assertEquals(train.size() + val.size(), both.size());
        assertArrayEquals(val.face(3).bytes(), both.face(train.size() + 3).bytes());
        assertEquals(val.y()[7], both.y()[train.size() + 7]);
        int[] c = Trainer.countsOf(both, 0);
        for (int k = 0; k < c.length; k++) assertEquals(train.classCounts()[k] + val.classCounts()[k], c[k]);
        assertThrows(FerException.class, () -> Trainer.withVal(train, null));
    }

    @Test
    void resumedRefitContinuesExactly(@TempDir Path dir) throws Exception {
        RefitSchedule schedule = new RefitSchedule("src", "sha", List.of(3e-3, 1.5e-3, 7.5e-4));
        TrainConfig cfg = source().asRefit(schedule, 5);
        Trainer.train(train, val, cfg, dir.resolve("straight"), false);
        Trainer.train(train, val, cfg.withEpochs(1), dir.resolve("cut"), false); // as if killed after epoch 1
        Trainer.Result resumed = Trainer.train(train, val, cfg.withEpochs(1), dir.resolve("cut"), true);
        assertEquals(3, resumed.state().epoch, "a resumed refit runs its whole schedule");
        ComputationGraph a = ModelFile.load(dir.resolve("straight").resolve(Trainer.CHECKPOINT), true);
        ComputationGraph b = ModelFile.load(dir.resolve("cut").resolve(Trainer.CHECKPOINT), true);
        assertTrue(a.params().equalsWithEps(b.params(), 1e-4), "weights differ after resume");
        assertTrue(a.getUpdater().getStateViewArray().equalsWithEps(b.getUpdater().getStateViewArray(), 1e-4), "Adam state differs");
    }

    @Test
    void scheduleFromAHistoryNamesTheFileAndTheMissingEpoch(@TempDir Path dir) throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, "epoch,train_loss,train_acc,val_loss,val_acc,lr,epoch_s,train_img_s\n1,1,0.5,1,0.5,1e-3,1,1\n2,1,0.5,1,0.5,5e-4,1,1\n");
        assertEquals(List.of(1e-3, 5e-4), RefitSchedule.lrOfEpochs(h, 2));
        var e = assertThrows(FerException.class, () -> RefitSchedule.lrOfEpochs(h, 3));
        assertTrue(e.getMessage().contains("history.csv") && e.getMessage().contains("epoch 3"), e.getMessage());
        Files.writeString(h, "epoch,lr\n1,fast\n");
        e = assertThrows(FerException.class, () -> RefitSchedule.lrOfEpochs(h, 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(FerException.class, () -> source().withTargets(new SoftTargets(0, "t.npy", "x", 0.5)).asRefit(new RefitSchedule("s", "x", List.of(1e-3)), 1));
    }

    @Test
    void theCommandRefitsARunAndEvaluateNeverReportsOrChoosesOnVal(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        ProcessedDataset.writeSplit(data, train);
        ProcessedDataset.writeSplit(data, val);
        ProcessedDataset.writeSplit(data, SynthData.split("public_test", 5, 200_000, 11));
        Files.writeString(data.resolve(ProcessedDataset.MANIFEST), "{}");
        Path src = dir.resolve("src"), refit = dir.resolve("refit");
        assertEquals(0, new CommandLine(new TrainCommand()).execute("--model", "tiny", "--data", data.toString(), "--out", src.toString(),
                "--epochs", "3", "--lr-patience", "1", "--seed", "3"));
        assertEquals(0, new CommandLine(new TrainCommand()).execute("--model", "tiny", "--data", data.toString(), "--out", refit.toString(),
                "--refit", src.toString(), "--lr", "0.5"));
        Map<String, Object> m = Json.readMap(refit.resolve("metrics.json"));
        @SuppressWarnings("unchecked") Map<String, Object> splits = (Map<String, Object>) m.get("splits");
        assertEquals(List.of("public_test"), List.copyOf(splits.keySet()), "val was trained on: not reported");
        @SuppressWarnings("unchecked") Map<String, Object> cfg = (Map<String, Object>) ((Map<String, Object>) m.get("provenance")).get("parameters");
        assertEquals(3, ((Number) cfg.get("seed")).intValue(), "the source's seed");
        assertEquals(0.001, ((Number) cfg.get("lr")).doubleValue(), 1e-12, "the source's settings, not this command line's");
        int bestEpoch = ((Number) ModelFile.meta(src.resolve(Trainer.BEST)).get("epoch")).intValue();
        assertEquals(bestEpoch, ((Number) cfg.get("epochs")).intValue());

        Path ev = dir.resolve("ev");
        CommandLine evaluate = new CommandLine(new org.fer.model.EvaluateCommand());
        assertNotEquals(0, evaluate.execute("--model", refit.resolve(Trainer.BEST).toString(), "--data", data.toString(), "--out", ev.toString(), "--tta", "auto"));
        assertFalse(Files.exists(ev.resolve("metrics.json")));
        assertEquals(0, new CommandLine(new org.fer.model.EvaluateCommand()).execute("--model", refit.resolve(Trainer.BEST).toString(), "--data", data.toString(),
                "--out", ev.toString(), "--tta", "flip"));
        @SuppressWarnings("unchecked") Map<String, Object> evSplits = (Map<String, Object>) Json.readMap(ev.resolve("metrics.json")).get("splits");
        assertEquals(List.of("public_test"), List.copyOf(evSplits.keySet()));
        // a refit cannot be refit again, nor go into a soup (both are chosen on val)
        assertNotEquals(0, new CommandLine(new TrainCommand()).execute("--model", "tiny", "--data", data.toString(), "--out", dir.resolve("r2").toString(), "--refit", refit.toString()));
        assertNotEquals(0, new CommandLine(new SoupCommand()).execute("--models", refit.resolve(Trainer.BEST) + "," + src.resolve(Trainer.BEST),
                "--data", data.toString(), "--out", dir.resolve("soup").toString()));
    }
}
