package org.fer.model;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SoftLabelsTest {
    @TempDir
    Path dir;

    @Test
    void commandWritesTheTeachersProbabilitiesRowByRowWithASidecar() throws Exception {
        Path data = Files.createDirectories(dir.resolve("processed"));
        Split train = EnsembleTest.split("train", 4);
        ProcessedDataset.writeSplit(data, train);
        Files.writeString(data.resolve(ProcessedDataset.MANIFEST), "{}");
        Path teacher = Files.writeString(dir.resolve("t.rule"), "knows=0,1,2,3 guess=6");
        Path out = dir.resolve("soft.npy");
        int rc = new CommandLine(new SoftLabelsCommand()).execute("--model", teacher.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(0, rc);
        float[] p = SoftLabels.read(out, train);
        assertEquals(train.size() * 7, p.length);
        try (EmotionClassifier clf = ModelLoader.loadAny(teacher)) {
            for (int i = 0; i < train.size(); i++) {
                float[] expected = clf.predictProba(java.util.List.of(train.face(i)))[0];
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(p, i * 7, i * 7 + 7), 1e-6f, "row " + i);
            }
        }
        Map<String, Object> side = Json.readMap(SoftLabels.sidecar(out));
        assertEquals(5.0 / 7, ((Number) side.get("teacher_accuracy")).doubleValue(), 1e-9, "the rule knows 4 classes of 7, and its guess is the 5th");
        assertEquals(SoftLabels.splitSha256(train), side.get("split_sha256"));
        assertEquals("none", side.get("tta"));
        assertNotNull(((Map<?, ?>) side.get("provenance")).get("git_commit"));
    }

    @Test
    void readRefusesFilesThatDoNotFitTheSplitOrAreNotProbabilities() {
        Split train = EnsembleTest.split("train", 2); // 14 faces
        float[] ok = new float[14 * 7];
        for (int i = 0; i < 14; i++) ok[i * 7 + train.y()[i]] = 1f;
        Path good = dir.resolve("good.npy");
        Npy.write(good, NpyArray.ofFloats(ok, 14, 7));
        assertEquals(98, SoftLabels.read(good, train).length);

        FerException rows = assertThrows(FerException.class, () -> SoftLabels.read(good, EnsembleTest.split("train", 3)));
        assertTrue(rows.getMessage().contains("good.npy") && rows.getMessage().contains("14 rows"), rows.getMessage());

        float[] badSum = ok.clone();
        badSum[3 * 7 + 1] += 0.2f;
        Path sum = dir.resolve("sum.npy");
        Npy.write(sum, NpyArray.ofFloats(badSum, 14, 7));
        FerException s = assertThrows(FerException.class, () -> SoftLabels.read(sum, train));
        assertTrue(s.getMessage().contains("sum.npy") && s.getMessage().contains("row 3"), s.getMessage());

        float[] nan = ok.clone();
        nan[5 * 7 + 2] = Float.NaN;
        Path n = dir.resolve("nan.npy");
        Npy.write(n, NpyArray.ofFloats(nan, 14, 7));
        FerException v = assertThrows(FerException.class, () -> SoftLabels.read(n, train));
        assertTrue(v.getMessage().contains("row 5") && v.getMessage().contains("Fear"), v.getMessage());

        Path shape = dir.resolve("shape.npy");
        Npy.write(shape, NpyArray.ofFloats(new float[14 * 6], 14, 6));
        assertThrows(FerException.class, () -> SoftLabels.read(shape, train));

        FerException missing = assertThrows(FerException.class, () -> SoftLabels.read(dir.resolve("none.npy"), train));
        assertTrue(missing.getMessage().contains("fer soft-labels"), missing.getMessage());
    }

    @Test
    void aFileMadeForAnotherRowOrderIsRefusedByItsSidecar() {
        Split train = EnsembleTest.split("train", 2);
        float[][] p = new float[14][7];
        for (int i = 0; i < 14; i++) p[i][train.y()[i]] = 1f;
        Path file = dir.resolve("soft.npy");
        SoftLabels.write(file, p, Map.of("split_sha256", SoftLabels.splitSha256(train)));
        assertEquals(98, SoftLabels.read(file, train).length);
        // the same faces in another order: same size, so only the fingerprint can tell
        int[] order = new int[14];
        for (int i = 0; i < 14; i++) order[i] = 13 - i;
        Split reordered = train.subset(order);
        FerException e = assertThrows(FerException.class, () -> SoftLabels.read(file, reordered));
        assertTrue(e.getMessage().contains("another"), e.getMessage());
        // and write refuses rows that are not probabilities instead of writing them
        p[2][0] = 0.5f;
        assertThrows(FerException.class, () -> SoftLabels.write(dir.resolve("bad.npy"), p, Map.of()));
        assertFalse(Files.exists(dir.resolve("bad.npy")));
    }
}
