package org.fer.features;

import org.fer.core.FerException;
import org.fer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class FeatureDatasetTest {

    @Test
    void roundTripsSplitAndManifest(@TempDir Path dir) {
        float[] x = {1, 2, 3, 4, 5, 6};
        FeatureDataset.writeSplit(dir, new FeatureSplit("train", 2, 3, x, new int[]{3, 6}, new int[]{10, 11}));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("train", 2);
        Json.write(dir.resolve("manifest.json"), FeatureDataset.manifest("hog", 3, Map.of("orientations", 9),
                Path.of("src"), "abc", counts, 0.5, Map.of("command", "test")));
        FeatureDataset fd = FeatureDataset.open(dir);
        assertEquals("hog", fd.kind());
        assertEquals(3, fd.dimension());
        assertEquals(9, fd.parameters().get("orientations"));
        assertEquals("abc", fd.sourceManifestSha256());
        assertEquals(java.util.List.of("train"), fd.splits());
        FeatureSplit s = fd.split("train");
        assertArrayEquals(x, s.x());
        assertArrayEquals(new int[]{3, 6}, s.y());
        assertArrayEquals(new int[]{10, 11}, s.rows());
        assertArrayEquals(new float[]{4, 5, 6}, s.toMatrix()[1]);
        assertEquals(5.0, s.toDoubleMatrix()[1][1]);
    }

    @Test
    void refusesDirectoryWithoutManifest(@TempDir Path dir) throws Exception {
        FerException e = assertThrows(FerException.class, () -> FeatureDataset.open(dir));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        Files.writeString(dir.resolve("manifest.json"), "{\"format\":\"other\",\"dimension\":3}");
        e = assertThrows(FerException.class, () -> FeatureDataset.open(dir));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
    }

    @Test
    void refusesDimensionMismatch(@TempDir Path dir) {
        FeatureDataset.writeSplit(dir, new FeatureSplit("val", 1, 2, new float[]{1, 2}, new int[]{0}, new int[]{0}));
        Json.write(dir.resolve("manifest.json"), FeatureDataset.manifest("hog", 3, Map.of(), Path.of("s"), "x", Map.of("val", 1), 0, Map.of()));
        FerException e = assertThrows(FerException.class, () -> FeatureDataset.open(dir).split("val"));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
    }
}
