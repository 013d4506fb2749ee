package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class EnsembleTest {
    @TempDir
    Path dir;

    static Split split(String name, int perClass) {
        int n = perClass * 7;
        byte[] x = new byte[n * Face48.PIXELS];
        int[] y = new int[n], rows = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 7;
            rows[i] = i;
            System.arraycopy(RuleModelLoader.face(y[i], i).bytes(), 0, x, i * Face48.PIXELS, Face48.PIXELS);
        }
        return new Split(name, x, y, rows);
    }

    Path dataset() throws Exception {
        Path d = Files.createDirectories(dir.resolve("processed"));
        ProcessedDataset.writeSplit(d, split("val", 5));
        ProcessedDataset.writeSplit(d, split("public_test", 3));
        Files.writeString(d.resolve(ProcessedDataset.MANIFEST), "{}");
        return d;
    }

    Path rule(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name + ".rule"), text);
    }

    @Test
    void meanAveragesMembersElementWise() {
        float[][] a = {{1f, 0f}, {0.2f, 0.8f}}, b = {{0f, 1f}, {0.6f, 0.4f}};
        float[][] m = Ensemble.mean(List.of(a, b));
        assertArrayEquals(new float[]{0.5f, 0.5f}, m[0], 1e-6f);
        assertArrayEquals(new float[]{0.4f, 0.6f}, m[1], 1e-6f);
        assertThrows(FerException.class, () -> new Ensemble(List.of(), List.of()));
    }

    @Test
    void choosesTheComplementaryPairOnValAndSavesALoadableFile() throws Exception {
        Path data = dataset(), out = dir.resolve("ens");
        Path low = rule("low", "knows=0,1,2,3 guess=6"); // alone 4/7 right
        Path high = rule("high", "knows=4,5,6 guess=0"); // alone 3/7
        Path noisy = rule("noisy", "knows= guess=6"); // always says 6: only hurts the pair
        int rc = new CommandLine(new EnsembleCommand()).execute("--candidates", low + "," + high + "," + noisy,
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, rc);
        Path file = out.resolve("model.ensemble.json");
        List<EnsembleFile.Member> members = EnsembleFile.read(file);
        assertEquals(List.of(low.toAbsolutePath().normalize(), high.toAbsolutePath().normalize()),
                members.stream().map(EnsembleFile.Member::model).toList());
        // mirror-invariant rule models: flip cannot win on val, so the cheaper 'none' is kept
        assertTrue(members.stream().allMatch(m -> m.tta() == TestTimeAugmented.Mode.NONE));
        assertEquals("../low.rule", ((Map<?, ?>) ((List<?>) Json.readMap(file).get("members")).get(0)).get("model"));

        Map<String, Object> metrics = Json.readMap(out.resolve("metrics.json"));
        Map<?, ?> splits = (Map<?, ?>) metrics.get("splits");
        assertEquals(1.0, ((Number) ((Map<?, ?>) splits.get("val")).get("accuracy")).doubleValue(), 1e-9);
        assertEquals(1.0, ((Number) ((Map<?, ?>) splits.get("public_test")).get("accuracy")).doubleValue(), 1e-9);
        List<?> ranked = (List<?>) ((Map<?, ?>) metrics.get("selection")).get("subsets_by_val_accuracy");
        assertEquals(7, ranked.size(), "all non-empty subsets of 3 candidates are scored");

        try (EmotionClassifier e = ModelLoader.loadAny(file)) {
            assertEquals(3, e.predict(List.of(RuleModelLoader.face(3, 1)))[0]);
            assertEquals(5, e.predict(List.of(RuleModelLoader.face(5, 1)))[0]);
        }
    }

    @Test
    void aMemberChangedAfterTheChoiceIsRefusedByName() throws Exception {
        Path data = dataset(), out = dir.resolve("ens");
        Path a = rule("a", "knows=0,1,2,3 guess=6"), b = rule("b", "knows=4,5,6 guess=0");
        assertEquals(0, new CommandLine(new EnsembleCommand()).execute("--candidates", a + "," + b, "--data", data.toString(), "--out", out.toString()));
        Files.writeString(b, "knows=4,5 guess=0");
        var e = assertThrows(FerException.class, () -> ModelLoader.loadAny(out.resolve("model.ensemble.json")));
        assertTrue(e.getMessage().contains("members[1]") && e.getMessage().contains("changed since"), e.getMessage());
        Files.delete(b);
        e = assertThrows(FerException.class, () -> ModelLoader.loadAny(out.resolve("model.ensemble.json")));
        assertTrue(e.getMessage().contains("members[1]") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void rankingPrefersFewerMembersOnATie() {
        int[] y = {0, 1};
        float[][] right = {{1, 0}, {0, 1}}, alsoRight = {{0.9f, 0.1f}, {0.1f, 0.9f}};
        var ranked = EnsembleCommand.rankSubsets(List.of(right, alsoRight), y);
        assertEquals(1.0, ranked.get(0).accuracy());
        assertEquals(1, ranked.get(0).members().size());
        assertEquals(List.of(0), ranked.get(0).members());
    }
}
