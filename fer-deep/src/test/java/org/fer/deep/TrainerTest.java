package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.data.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    static Split train, val;

    @BeforeAll
    static void data() {
        DeepRuntime.init();
        train = SynthData.split("train", 120, 0, 11);
        val = SynthData.split("val", 20, 100_000, 11);
    }

    static TrainConfig tiny(int epochs) {
        return new TrainConfig("tiny", epochs, 32, 3e-3, 1e-4, 5, true, Augmenter.NONE, 50, 2, 0.5, 1e-5, 0, 0);
    }

    @Test
    void tinyNetworkLearnsSyntheticFacesWellAboveChance(@TempDir Path out) throws Exception {
        Trainer.Result r = Trainer.train(train, val, tiny(10), out, false);
        double acc = Trainer.evaluate(r.best(), val)[0];
        assertTrue(acc > 0.40, "val accuracy " + acc + " (chance 0.14)");
        assertEquals(acc, r.state().bestValAcc, 1e-9, "model.zip is the best epoch's network");
        assertTrue(Files.exists(out.resolve(Trainer.CHECKPOINT)));
        List<String> lines = Files.readAllLines(out.resolve(Trainer.HISTORY));
        assertEquals(11, lines.size());
        assertTrue(lines.get(0).startsWith("epoch,train_loss,train_acc,val_loss,val_acc,lr"));
    }

    @Test
    void resumeContinuesExactlyAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), cut = dir.resolve("cut");
        TrainConfig cfg = new TrainConfig("tiny", 3, 32, 3e-3, 1e-4, 5, true, Augmenter.DEFAULT, 50, 1, 0.5, 1e-5, 0, 0);
        Trainer.train(train, val, cfg, straight, false);
        Trainer.train(train, val, cfg.withEpochs(2), cut, false);
        // the checkpoint after epoch 2 holds weights, Adam state and trainer state
        ComputationGraph saved = ModelFile.load(cut.resolve(Trainer.CHECKPOINT), true);
        assertNotNull(saved.getUpdater().getStateViewArray());
        @SuppressWarnings("unchecked") Map<String, Object> st = (Map<String, Object>)
                ((Map<String, Object>) ModelFile.meta(cut.resolve(Trainer.CHECKPOINT)).get("training")).get("state");
        assertEquals(2, ((Number) st.get("epoch")).intValue());
        Trainer.Result resumed = Trainer.train(train, val, cfg, cut, true);
        assertEquals(3, resumed.state().epoch);

        ComputationGraph a = ModelFile.load(straight.resolve(Trainer.CHECKPOINT), true);
        ComputationGraph b = ModelFile.load(cut.resolve(Trainer.CHECKPOINT), true);
        assertTrue(a.params().equalsWithEps(b.params(), 1e-4), "weights differ after resume");
        assertTrue(a.getUpdater().getStateViewArray().equalsWithEps(b.getUpdater().getStateViewArray(), 1e-4), "Adam state differs");
        assertEquals(Files.readString(straight.resolve(Trainer.HISTORY)).lines().map(TrainerTest::withoutTiming).toList(),
                Files.readString(cut.resolve(Trainer.HISTORY)).lines().map(TrainerTest::withoutTiming).toList());
    }

    /** History rows minus the two timing columns. */
    private static String withoutTiming(String line) {
        String[] f = line.split(",");
        return String.join(",", java.util.Arrays.copyOf(f, 6));
    }

    @Test
    void earlyStoppingAndPlateauFollowValAccuracy() {
        TrainConfig cfg = new TrainConfig("tiny", 20, 32, 1e-3, 0, 5, false, Augmenter.NONE, 4, 2, 0.5, 3e-4, 0, 0);
        Trainer.State st = new Trainer.State();
        st.lr = cfg.lr();
        double[] acc = {0.30, 0.40, 0.39, 0.38, 0.41, 0.41, 0.40, 0.35, 0.30};
        double[] lrAfter = {1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 3e-4, 3e-4, 3e-4};
        boolean[] best = {true, true, false, false, true, false, false, false, false};
        for (int e = 0; e < acc.length; e++) {
            assertEquals(best[e], st.afterEpoch(e + 1, acc[e], cfg), "epoch " + (e + 1));
            assertEquals(lrAfter[e], st.lr, 1e-12, "lr after epoch " + (e + 1));
            if (e < 8) assertNull(st.stopReason, "stopped early at epoch " + (e + 1));
        }
        assertEquals(5, st.bestEpoch);
        assertEquals(0.41, st.bestValAcc, 1e-12);
        assertTrue(st.stopReason.startsWith("early stopping"), st.stopReason);
        Trainer.State capped = new Trainer.State();
        capped.lr = 1e-3;
        capped.afterEpoch(20, 0.5, cfg);
        assertEquals("epoch cap 20", capped.stopReason);
    }
}
