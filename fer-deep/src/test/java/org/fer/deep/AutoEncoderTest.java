package org.fer.deep;

import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureSplit;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoEncoderTest {
    @TempDir
    Path tmp;

    @Test
    void reconstructsHeldOutFacesFarBetterThanTheMeanFace() {
        Split train = SynthData.split("train", 60, 0, 5), val = SynthData.split("val", 10, 10_000, 5), test = SynthData.split("test", 10, 20_000, 5);
        AutoEncoder.Trained t = AutoEncoder.train(train, val, new AutoEncoder.Config(32, 12, 3, 32, 2e-3, 7, 0));
        double baseline = AutoEncoder.meanFaceMse(train, test), mse = t.model().mse(test);
        assertTrue(baseline > 0.05, "synthetic faces vary: mean-face MSE " + baseline);
        assertTrue(mse < 0.6 * baseline, "auto-encoder held-out MSE " + mse + " vs mean-face " + baseline);
        // the kept weights are the best epoch's: their val MSE is the recorded best
        assertEquals(t.bestValMse(), t.model().mse(val), 1e-6);
        assertEquals(t.epochsRun(), t.history().size());
    }

    @Test
    void writesAFeatureDirectoryTheFeatureReaderTakesAndIsReproducible() throws Exception {
        Path processed = processed(tmp, 20);
        ProcessedDataset ds = ProcessedDataset.open(processed);
        AutoEncoder.Config cfg = new AutoEncoder.Config(16, 2, 2, 32, 1e-3, 11, 0);
        Path a = tmp.resolve("feat-a"), b = tmp.resolve("feat-b");
        AutoEncoderCommand.run(processed, a, cfg, "test");
        AutoEncoderCommand.run(processed, b, cfg, "test");

        FeatureDataset fd = FeatureDataset.open(a);
        assertEquals("autoencoder", fd.kind());
        assertEquals(16, fd.dimension());
        assertEquals(ds.manifestSha256(), fd.sourceManifestSha256());
        assertEquals(ds.splits(), fd.splits());
        for (String s : ds.splits()) {
            Split orig = ds.split(s);
            FeatureSplit f = fd.split(s);
            assertEquals(orig.size(), f.n(), s);
            assertEquals(16, f.dim());
            assertArrayEquals(orig.y(), f.y(), s + " labels");
            assertArrayEquals(orig.rows(), f.rows(), s + " row ids");
            for (float v : f.x()) assertTrue(Float.isFinite(v));
            // same seed, same data: bit-identical codes
            assertArrayEquals(f.x(), FeatureDataset.open(b).split(s).x(), s + " codes differ between two runs with one seed");
        }
        @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) fd.manifest().get("provenance");
        assertEquals(11L, ((Number) p.get("seed")).longValue());
        assertTrue(Files.size(a.resolve(AutoEncoderCommand.MONTAGE)) > 0);
        assertTrue(Files.readAllLines(a.resolve(AutoEncoderCommand.HISTORY)).size() >= 2);

        // the saved model encodes exactly what was written
        AutoEncoder loaded = AutoEncoder.load(a.resolve(AutoEncoderCommand.MODEL));
        Split val = ds.split("val");
        assertArrayEquals(fd.split("val").x(), loaded.encode(val.x(), val.size()), 1e-6f);
        // and no classifier loader claims it
        assertFalse(ModelFile.isModelFile(a.resolve(AutoEncoderCommand.MODEL)));
    }

    @Test
    void differentSeedsGiveDifferentCodes() {
        Split s = SynthData.split("val", 3, 0, 1);
        float[] c1 = AutoEncoder.create(8, 1e-3, 1).encode(s.x(), s.size());
        float[] c2 = AutoEncoder.create(8, 1e-3, 2).encode(s.x(), s.size());
        assertFalse(java.util.Arrays.equals(c1, c2));
    }

    @Test
    void refusesBadSettingsAndFilesWithOneLineErrors() throws Exception {
        assertThrows(FerException.class, () -> new AutoEncoder.Config(0, 1, 1, 32, 1e-3, 1, 0));
        Path notModel = tmp.resolve("x.zip");
        Files.writeString(notModel, "nope");
        FerException e = assertThrows(FerException.class, () -> AutoEncoder.load(notModel));
        assertTrue(e.getMessage().contains(notModel.toString()));
        assertThrows(FerException.class, () -> AutoEncoder.load(tmp.resolve("missing.zip")));
    }

    static Path processed(Path tmp, int perClass) {
        Path csv = tmp.resolve("synth.csv"), out = tmp.resolve("processed");
        new SyntheticFaces(3).writeCsv(csv, perClass);
        new Preprocessor(new PreprocessConfig(0.1, 42, false)).run(csv, out);
        return out;
    }
}
