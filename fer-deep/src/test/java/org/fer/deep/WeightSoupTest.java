package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.cli.FerCli;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.io.Json;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Model soups: the weights really are the mean of the members', greedy never loses val accuracy, mixed networks are refused. */
class WeightSoupTest {
    static Split train, val;

    @BeforeAll
    static void data() {
        DeepRuntime.init();
        train = SynthData.split("train", 60, 0, 21);
        val = SynthData.split("val", 15, 100_000, 21);
    }

    private static Path save(Path dir, String name, ComputationGraph g) {
        Path f = dir.resolve(name);
        ModelFile.save(f, g, Map.of("contract", FaceTensorContract.VERSION, "network", "tiny", "epoch", 1), false);
        return f;
    }

    /** A processed directory made by the real preprocess command from a synthetic CSV ({@code faces} as writeCsv counts them). */
    private static Path processed(Path dir, int faces) throws Exception {
        Path csv = dir.resolve("faces.csv");
        new SyntheticFaces(5).writeCsv(csv, faces);
        Path processed = dir.resolve("processed");
        assertEquals(0, FerCli.execute("preprocess", "--input", csv.toString(), "--out", processed.toString()));
        return processed;
    }

    @Test
    void uniformSoupIsTheMeanOfTheWeights(@TempDir Path dir) {
        ComputationGraph a = Networks.build("tiny", 3, 1e-3, 0, null), b = Networks.build("tiny", 4, 1e-3, 0, null);
        assertFalse(a.params().equalsWithEps(b.params(), 1e-3), "two seeds, two different networks");
        Path fa = save(dir, "a.zip", a), fb = save(dir, "b.zip", b);
        WeightSoup.Result r = WeightSoup.make(List.of(fa, fb), val, false);
        INDArray mean = a.params().add(b.params()).div(2);
        assertTrue(r.graph().params().equalsWithEps(mean, 1e-6), "uniform soup = mean of the two");
        assertEquals(2, r.members().size());
        assertEquals(Trainer.evaluate(new DeepModel(r.graph(), Map.of()), val)[0], r.valAccuracy(), 1e-12);
    }

    @Test
    void greedySoupNeverLosesValAccuracyAndHoldsExactlyItsMembers(@TempDir Path dir) throws Exception {
        TrainConfig cfg = new TrainConfig("tiny", 4, 32, 3e-3, 1e-4, 5, true, Augmenter.NONE, 50, 2, 0.5, 1e-5, 0, 0);
        Trainer.train(train, val, cfg, dir.resolve("run"), false);
        Path trained = dir.resolve("run").resolve(Trainer.BEST), last = dir.resolve("run").resolve(Trainer.CHECKPOINT);
        Path untrained = save(dir, "fresh.zip", Networks.build("tiny", 8, 1e-3, 0, null));
        WeightSoup.Result r = WeightSoup.make(List.of(untrained, last, trained), val, true);
        double best = r.ingredients().stream().mapToDouble(WeightSoup.Ingredient::valAccuracy).max().orElseThrow();
        assertFalse(ModelFile.load(trained, false).params().equalsWithEps(ModelFile.load(untrained, false).params(), 1e-3), "distinct ingredients");
        assertTrue(r.valAccuracy() >= best, "greedy soup " + r.valAccuracy() + " below its best ingredient " + best);
        assertEquals(best, r.steps().get(0).valAccuracy(), 1e-12, "the best ingredient goes in first");
        assertEquals(r.ingredients().size(), r.steps().size());
        // the soup's weights are the mean of the kept members' weights, and nothing else
        INDArray sum = null;
        for (WeightSoup.Ingredient m : r.members()) {
            INDArray p = ModelFile.load(m.file(), false).params();
            sum = sum == null ? p.dup() : sum.addi(p);
        }
        assertTrue(r.graph().params().equalsWithEps(sum.div(r.members().size()), 1e-6));
        for (WeightSoup.Step s : r.steps().subList(1, r.steps().size()))
            assertEquals(s.kept(), r.members().stream().anyMatch(m -> m.file().equals(s.file())));
        assertEquals(Trainer.evaluate(new DeepModel(r.graph(), Map.of()), val)[0], r.valAccuracy(), 1e-12);
    }

    @Test
    void refusesMixedNetworksAndNonModels(@TempDir Path dir) throws Exception {
        Path tiny = save(dir, "tiny.zip", Networks.build("tiny", 3, 1e-3, 0, null));
        Path xc = dir.resolve("xception.zip");
        ModelFile.save(xc, Networks.build("xception", 3, 1e-3, 0, null), Map.of("contract", FaceTensorContract.VERSION, "network", "xception"), false);
        FerException e = assertThrows(FerException.class, () -> WeightSoup.make(List.of(tiny, xc), val, true));
        assertTrue(e.getMessage().contains(xc.toString()) && e.getMessage().contains("'xception'"), e.getMessage());
        Path junk = dir.resolve("junk.zip");
        java.nio.file.Files.write(junk, new byte[]{1, 2, 3});
        e = assertThrows(FerException.class, () -> WeightSoup.make(List.of(tiny, junk), val, true));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    @Test
    void commandWritesALoadableModelAndMetricsWithItsRecipe(@TempDir Path dir) throws Exception {
        Path processed = processed(dir, 40);
        Path a = save(dir, "a.zip", Networks.build("tiny", 3, 1e-3, 0, null)), b = save(dir, "b.zip", Networks.build("tiny", 4, 1e-3, 0, null));
        Path out = dir.resolve("soup");
        assertEquals(0, FerCli.execute("soup", "--models", a + "," + b, "--data", processed.toString(), "--out", out.toString(), "--uniform"));
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        @SuppressWarnings("unchecked") Map<String, Object> model = (Map<String, Object>) m.get("model");
        assertEquals("tiny", model.get("network"));
        String json = Json.toString(m);
        assertTrue(json.contains("uniform") && json.contains(a.toString()) && json.contains(b.toString()), "recipe and members recorded");
        try (DeepModel loaded = DeepModel.load(out.resolve(Trainer.BEST))) {
            INDArray mean = ModelFile.load(a, false).params().add(ModelFile.load(b, false).params()).div(2);
            assertTrue(loaded.graph().params().equalsWithEps(mean, 1e-6));
        }
    }

    @Test
    void reestimatedSoupKeepsTheMeanWeightsAndTheStatisticsOfTheTrainFaces(@TempDir Path dir) throws Exception {
        Path processed = processed(dir, 60);
        ComputationGraph ga = Networks.build("tiny", 3, 1e-3, 0, null), gb = Networks.build("tiny", 4, 1e-3, 0, null);
        Path a = save(dir, "a.zip", ga), b = save(dir, "b.zip", gb);
        Path out = dir.resolve("soup");
        assertEquals(0, FerCli.execute("soup", "--models", a + "," + b, "--data", processed.toString(), "--out", out.toString(),
                "--uniform", "--reestimate-bn", "--bn-faces", "100"));
        // expected: the mean of the two, then its statistics re-estimated on the first 100 train faces
        ComputationGraph expected = Networks.build("tiny", 3, 1e-3, 0, null);
        expected.setParams(ga.params().add(gb.params()).div(2));
        org.fer.data.ProcessedDataset ds = org.fer.data.ProcessedDataset.open(processed);
        BatchNormStats.reestimate(new DeepModel(expected, Map.of()), ds.split("train"), 100, 42);
        assertFalse(expected.params().equalsWithEps(ga.params().add(gb.params()).div(2), 1e-4), "re-estimation changed the averaged statistics");
        try (DeepModel loaded = DeepModel.load(out.resolve(Trainer.BEST))) {
            assertTrue(loaded.graph().params().equalsWithEps(expected.params(), 1e-5));
        }
        String json = Json.toString(Json.readMap(out.resolve("metrics.json")));
        assertTrue(json.contains("re-estimated") && json.contains("--reestimate-bn --bn-faces 100"), "recipe recorded: " + json);
        assertNotEquals(0, FerCli.execute("soup", "--models", a + "," + b, "--data", processed.toString(), "--out", dir.resolve("x").toString(), "--bn-faces", "10"),
                "--bn-faces without --reestimate-bn is refused");
    }
}
