package org.fer.features;

import org.fer.data.ProcessedDataset;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FeatureExtractionTest {

    @Test
    void writesAReadableDirectoryAndSkipsUnchangedReruns(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("synth.csv");
        new SyntheticFaces(5).writeCsv(csv, 12);
        Path data = tmp.resolve("processed");
        new Preprocessor(new PreprocessConfig(0.1, 42, false)).run(csv, data);
        ProcessedDataset ds = ProcessedDataset.open(data);

        Path out = tmp.resolve("hog");
        FeatureConfig cfg = FeatureConfig.seed(FeatureKind.HOG);
        FeatureExtraction.Outcome o = new FeatureExtraction(cfg, null, 2, 7).run(data, out, false, "test");
        assertFalse(o.upToDate());
        assertEquals(72, o.dimension());

        FeatureDataset fd = FeatureDataset.open(out);
        assertEquals("hog", fd.kind());
        assertEquals(ds.manifestSha256(), fd.sourceManifestSha256());
        assertEquals(ds.splits(), fd.splits());
        FeatureExtractor fx = Features.create(cfg);
        for (String s : ds.splits()) {
            FeatureSplit f = fd.split(s);
            var src = ds.split(s);
            assertArrayEquals(src.y(), f.y());
            assertArrayEquals(src.rows(), f.rows());
            assertArrayEquals(FeatureExtraction.extract(fx, src.x()), f.x(), s);
        }

        long mtime = Files.getLastModifiedTime(out.resolve("train_x.npy")).toMillis();
        assertTrue(new FeatureExtraction(cfg, null, 1, 64).run(data, out, false, "test").upToDate());
        assertEquals(mtime, Files.getLastModifiedTime(out.resolve("train_x.npy")).toMillis());
        // other parameters: recomputed
        FeatureConfig l2 = cfg.withHog(cfg.hog().withBlockNorm(org.fer.features.hog.HogParams.BlockNorm.L2_HYS));
        assertFalse(new FeatureExtraction(l2, null, 1, 64).run(data, out, false, "test").upToDate());
        assertEquals("L2-Hys", ((java.util.Map<?, ?>) FeatureDataset.open(out).parameters().get("hog")).get("block_norm"));
    }

    @Test
    void landmarkKindsNeedTheModelAndSayHowToGetIt(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("synth.csv");
        new SyntheticFaces(5).writeCsv(csv, 3);
        Path data = tmp.resolve("processed");
        new Preprocessor(new PreprocessConfig(0.1, 42, false)).run(csv, data);
        var e = assertThrows(org.fer.core.FerException.class, () -> new FeatureExtraction(FeatureConfig.seed(FeatureKind.LANDMARKS),
                tmp.resolve("missing.dat"), 1, 8).run(data, tmp.resolve("lm"), false, "test"));
        assertTrue(e.getMessage().contains("apt-get install libdlib-data"), e.getMessage());
    }
}
