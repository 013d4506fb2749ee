package org.fer.deep;

import org.fer.cli.FerCli;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModelIoTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    static Path saveTiny(Path dir) {
        var g = Networks.build("tiny", 3, 1e-3, 0, null);
        Path f = dir.resolve("model.zip");
        ModelFile.save(f, g, Map.of("contract", FaceTensorContract.VERSION, "network", "tiny"), false);
        return f;
    }

    @Test
    void loaderRecognisesAndRestoresTheModel(@TempDir Path dir) throws Exception {
        Path f = saveTiny(dir);
        var s = SynthData.split("t", 2, 0, 1);
        List<Face48> faces = List.of(s.face(0), s.face(1), s.face(2));
        float[][] expected;
        var g = Networks.build("tiny", 3, 1e-3, 0, null);
        expected = new DeepModel(g, Map.of()).predictProba(faces);
        try (EmotionClassifier c = ModelLoader.loadAny(f)) {
            float[][] p = c.predictProba(faces);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(expected[i], p[i], 1e-6f);
                double sum = 0;
                for (float v : p[i]) sum += v;
                assertEquals(1.0, sum, 1e-4);
            }
            assertEquals(ModelFile.KIND, c.describe().get("kind"));
        }
        Path notOurs = dir.resolve("x.zip");
        Files.write(notOurs, new byte[]{1, 2, 3});
        assertFalse(new DeepModelLoader().accepts(notOurs));
    }

    @Test
    void refusesAnotherInputContract(@TempDir Path dir) {
        var g = Networks.build("tiny", 3, 1e-3, 0, null);
        Path f = dir.resolve("old.zip");
        ModelFile.save(f, g, Map.of("contract", "something-else", "network", "tiny"), false);
        FerException e = assertThrows(FerException.class, () -> ModelFile.load(f, false));
        assertTrue(e.getMessage().contains("something-else"));
    }

    @Test
    void evaluateAcceptsARawCsvWithSomeUsages(@TempDir Path dir) throws Exception {
        Path model = saveTiny(dir);
        Path csv = dir.resolve("faces.csv");
        new SyntheticFaces(2).writeCsv(csv, 6);
        Path out = dir.resolve("eval");
        assertEquals(0, FerCli.execute("evaluate", "--model", model.toString(), "--data", csv.toString(), "--out", out.toString()));
        Map<String, Object> m = Json.readMap(out.resolve("metrics.json"));
        @SuppressWarnings("unchecked") Map<String, Object> splits = (Map<String, Object>) m.get("splits");
        assertFalse(splits.isEmpty());
        for (Object v : splits.values()) {
            @SuppressWarnings("unchecked") double acc = ((Number) ((Map<String, Object>) v).get("accuracy")).doubleValue();
            assertTrue(acc >= 0 && acc <= 1);
        }
    }

    @Test
    void npyFromPreprocessLoadsInNd4jUnchanged(@TempDir Path dir) {
        var s = SynthData.split("t", 1, 0, 4);
        Path x = dir.resolve("x.npy"), y = dir.resolve("y.npy");
        Npy.write(x, NpyArray.ofBytes(s.x(), s.size(), 48, 48));
        long[] labels = new long[s.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = s.y()[i];
        Npy.write(y, NpyArray.ofLongs(labels, labels.length));
        INDArray ax = Nd4j.createFromNpyFile(x.toFile());
        INDArray ay = Nd4j.createFromNpyFile(y.toFile());
        assertArrayEquals(new long[]{s.size(), 48, 48}, ax.shape());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(s.y()[i], ay.getLong(i));
            for (int p = 0; p < Face48.PIXELS; p += 97)
                assertEquals(s.x()[i * Face48.PIXELS + p] & 0xFF, ax.getInt(i, p / 48, p % 48), "face " + i + " pixel " + p);
        }
    }

    @Test
    void camAndOcclusionMapsCoverTheFace(@TempDir Path dir) throws Exception {
        var face = SynthData.split("t", 1, 0, 4).face(3);
        var x = Networks.build("xception", 1, 1e-3, 0, null);
        ClassActivationMap.Result cam = ClassActivationMap.compute(x, face, -1, "auto");
        assertEquals("cam", cam.method());
        assertEquals(Face48.PIXELS, cam.map().length);
        var tiny = Networks.build("tiny", 1, 1e-3, 0, null);
        ClassActivationMap.Result occ = ClassActivationMap.compute(tiny, face, 2, "auto");
        assertEquals("occlusion", occ.method());
        assertEquals(2, occ.cls());
        for (float[] m : List.of(cam.map(), occ.map())) for (float v : m) assertTrue(v >= 0 && v <= 1);
        Path png = dir.resolve("cam.png");
        ClassActivationMap.writePng(ClassActivationMap.render(face, cam, 2), png);
        assertTrue(Files.size(png) > 100);
    }

    @Test
    void meanCamGridHasOneFacelessTilePerClass(@TempDir Path dir) throws Exception {
        Path processed = AutoEncoderTest.processed(dir, 12);
        var g = Networks.build("xception", 1, 1e-3, 0, null);
        Path model = dir.resolve("x.zip");
        ModelFile.save(model, g, Map.of("contract", FaceTensorContract.VERSION, "network", "xception"), false);
        Path png = dir.resolve("cam-mean.png");
        assertEquals(0, FerCli.execute("cam", "--model", model.toString(), "--data", processed.toString(), "--split", "train", "--mean", "--out", png.toString()));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(7 * 48 * 3, img.getWidth(), "seven tiles of 144 px in one row");
        assertEquals(48 * 3 + 18, img.getHeight());
        // a tile is the heat map alone: rendering a map needs no face at all
        float[] ramp = new float[Face48.PIXELS];
        for (int i = 0; i < ramp.length; i++) ramp[i] = (i % 48) / 47f;
        java.awt.image.BufferedImage t = ClassActivationMap.renderMap(ramp, "x", 1);
        assertNotEquals(t.getRGB(0, 30), t.getRGB(47, 30), "the colour follows the map");
    }
}
