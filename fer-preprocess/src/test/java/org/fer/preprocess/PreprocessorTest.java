package org.fer.preprocess;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.data.CsvFixtures;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessorTest {
    @TempDir Path tmp;

    private Path synth(int perClass, long seed) {
        Path csv = tmp.resolve("synth-" + perClass + "-" + seed + ".csv");
        new SyntheticFaces(seed).writeCsv(csv, perClass);
        return csv;
    }

    @Test
    void writesEverySplitWithStratifiedValidation() {
        Path csv = synth(40, 1);
        Path out = tmp.resolve("p");
        new Preprocessor(new PreprocessConfig(0.25, 7, false)).run(csv, out);
        ProcessedDataset ds = ProcessedDataset.open(out);
        assertEquals(java.util.List.of("train", "val", "public_test", "private_test"), ds.splits());
        // 40 per class: 32 Training (8 of them to val at 25 %), 4 PublicTest, 4 PrivateTest.
        for (int c : ds.split("val").classCounts()) assertEquals(8, c);
        for (int c : ds.split("train").classCounts()) assertEquals(24, c);
        for (int c : ds.split("public_test").classCounts()) assertEquals(4, c);
        // Train and val partition the Training rows.
        Set<Integer> rows = new HashSet<>();
        for (String s : new String[]{"train", "val"}) for (int r : ds.split(s).rows()) assertTrue(rows.add(r));
        assertEquals(32 * Emotion.COUNT, rows.size());
        Object splits = ds.manifest().get("splits");
        assertTrue(splits.toString().contains("count=56"), splits.toString());
    }

    @Test
    void tensorsHoldTheCsvPixelsOfTheRowTheyNameAndTheSplitDependsOnTheSeed() {
        Path csv = synth(20, 2);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        new Preprocessor(new PreprocessConfig(0.2, 1, false)).run(csv, a);
        new Preprocessor(new PreprocessConfig(0.2, 2, false)).run(csv, b);
        Split va = ProcessedDataset.open(a).split("val"), vb = ProcessedDataset.open(b).split("val");
        assertFalse(Arrays.equals(va.rows(), vb.rows()), "different seeds should pick different validation rows");
        org.fer.data.Fer2013Data raw = new org.fer.data.Fer2013Reader(false).read(csv);
        for (int i = 0; i < va.size(); i++) {
            int row = va.rows()[i];
            assertEquals(raw.label(row), va.y()[i]);
            assertArrayEquals(raw.face(row).bytes(), va.face(i).bytes());
        }
        Path c = tmp.resolve("c");
        new Preprocessor(new PreprocessConfig(0.2, 1, false)).run(csv, c);
        assertArrayEquals(va.rows(), ProcessedDataset.open(c).split("val").rows(), "same seed, same split");
    }

    @Test
    void secondRunWithSameInputIsANoOpAndChangedOptionsRebuild() throws IOException {
        Path csv = synth(10, 3);
        Path out = tmp.resolve("p");
        assertFalse(new Preprocessor(PreprocessConfig.defaults()).run(csv, out).upToDate());
        long stamp = Files.getLastModifiedTime(out.resolve("train_x.npy")).toMillis();
        assertTrue(new Preprocessor(PreprocessConfig.defaults()).run(csv, out).upToDate());
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("train_x.npy")).toMillis());
        assertFalse(new Preprocessor(new PreprocessConfig(0.3, 42, false)).run(csv, out).upToDate());
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, CsvFixtures.HEADER + CsvFixtures.rows(5, "Training", 1) + "9,1 2 3,Training\n");
        Path out = tmp.resolve("never");
        FerException e = assertThrows(FerException.class, () -> new Preprocessor(PreprocessConfig.defaults()).run(csv, out));
        assertTrue(e.getMessage().contains(":7: field 'emotion'"), e.getMessage());
        assertFalse(Files.exists(out), "no output directory may be left behind");
    }

    @Test
    void aDirectoryWithoutManifestIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("half"));
        Files.writeString(dir.resolve("train_x.npy"), "junk");
        assertThrows(FerException.class, () -> ProcessedDataset.open(dir));
    }

    @Test
    void onlySplitsPresentInTheInputAreWritten() throws IOException {
        Path csv = tmp.resolve("pub.csv");
        Files.writeString(csv, CsvFixtures.HEADER + CsvFixtures.rows(14, "PublicTest", 1));
        Path out = tmp.resolve("p");
        new Preprocessor(PreprocessConfig.defaults()).run(csv, out);
        assertEquals(java.util.List.of("public_test"), ProcessedDataset.open(out).splits());
    }
}
