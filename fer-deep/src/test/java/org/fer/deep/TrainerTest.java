package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.data.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void warmStartKeepsTheSourceModelsLayout(@TempDir Path dir) throws Exception {
        // Simple CNNs of sessions 1-4 are NCHW, new ones NHWC: their dense weights only fit their own flatten order
        ComputationGraph src = Networks.build("simple", 5, 1e-3, 1e-4, null, HybridInputs.DEFAULT_DIMENSION, Networks.Layout.DEFAULT);
        Path file = dir.resolve("src.zip");
        ModelFile.save(file, src, Map.of("contract", FaceTensorContract.VERSION, "network", "simple", "epoch", 1, "val_accuracy", 0.1), false);
        TrainConfig noSteps = new TrainConfig("simple", 0, 32, 1e-4, 1e-4, 5, false, Augmenter.NONE, 50, 2, 0.5, 1e-5, 0, 0);
        ComputationGraph warm = Trainer.train(train, val, noSteps, dir.resolve("run"), false, null, file).best();
        assertEquals(org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, Networks.Layout.of(warm).format());
        org.nd4j.linalg.api.ndarray.INDArray x = FaceTensorContract.toInput(val.x(), new int[]{0, 1, 2});
        assertTrue(src.outputSingle(false, x).equalsWithEps(warm.outputSingle(false, x), 1e-5), "the warm start computes what its source computes");
        assertEquals(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, Networks.Layout.of(Networks.build("simple", 5, 1e-3, 1e-4, null)).format());
    }

    @Test
    void twoReplicasLearnAsWellAndRecordIt(@TempDir Path out) throws Exception {
        Trainer.Result r = Trainer.train(train, val, tiny(15).withReplicas(2), out, false); // 10 epochs: 0.36 since the ReLUs (session 10), 15: 0.43 like one replica
        double acc = Trainer.evaluate(r.best(), val)[0];
        assertTrue(acc > 0.40, "val accuracy with 2 replicas " + acc + " (chance 0.14)");
        @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>)
                ((Map<String, Object>) ModelFile.meta(out.resolve(Trainer.BEST)).get("training")).get("config");
        assertEquals(2, ((Number) c.get("replicas")).intValue());
        assertThrows(org.fer.core.FerException.class, () -> tiny(1).withReplicas(3));
    }

    @ParameterizedTest(name = "replicas {0}")
    @ValueSource(ints = {1, 2})
    void resumeContinuesExactlyAsAnUninterruptedRun(int replicas, @TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight"), cut = dir.resolve("cut");
        TrainConfig cfg = new TrainConfig("tiny", 3, 32, 3e-3, 1e-4, 5, true, Augmenter.DEFAULT, 50, 1, 0.5, 1e-5, 0, 0, replicas);
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

    @Test
    void warmStartBeginsFromTheGivenModelsWeightsWithTheNewSettings(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first"), second = dir.resolve("second");
        Trainer.train(train, val, tiny(4), first, false);
        Path src = first.resolve(Trainer.BEST);
        double srcAcc = Trainer.evaluate(ModelFile.load(src, false), val)[0];
        // zero epochs: the warm-started network must be exactly the source's, under the new (unweighted) loss
        TrainConfig unweighted = new TrainConfig("tiny", 1, 32, 1e-4, 1e-4, 9, false, Augmenter.NONE, 50, 2, 0.5, 1e-5, 0, 0);
        ComputationGraph g = Networks.build("tiny", 9, 1e-4, 1e-4, null);
        Map<String, Object> rec = Trainer.warmStart(g, unweighted, src);
        assertTrue(g.params().equalsWithEps(ModelFile.load(src, false).params(), 0), "weights copied");
        assertEquals(org.fer.io.Hashing.sha256(src), rec.get("sha256"));
        // a full warm-started run: its first epoch starts at the source's accuracy level, and every file records the source
        Trainer.Result r = Trainer.train(train, val, unweighted, second, false, null, src);
        assertTrue(r.state().bestValAcc >= srcAcc - 0.15, "warm start lost what the source knew: " + r.state().bestValAcc + " vs " + srcAcc);
        for (Path f : List.of(second.resolve(Trainer.BEST), second.resolve(Trainer.CHECKPOINT))) {
            @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) ModelFile.meta(f).get("training");
            @SuppressWarnings("unchecked") Map<String, Object> init = (Map<String, Object>) t.get("init_from");
            assertNotNull(init, f + " records the warm start");
            assertEquals(rec.get("sha256"), init.get("sha256"));
            @SuppressWarnings("unchecked") Map<String, Object> cfg = (Map<String, Object>) t.get("config");
            assertEquals("none", cfg.get("class_weights"));
        }
        ComputationGraph other = Networks.build("xception", 1, 1e-3, 1e-4, null);
        var e = assertThrows(org.fer.core.FerException.class, () -> Trainer.warmStart(other, TrainConfig.defaults("xception"), src));
        assertTrue(e.getMessage().contains("'tiny'"), e.getMessage());
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
