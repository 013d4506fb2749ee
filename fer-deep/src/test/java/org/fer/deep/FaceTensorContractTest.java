package org.fer.deep;

import org.fer.core.Face48;
import org.fer.image.GrayImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FaceTensorContractTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    @Test
    void mapsBytesToMinusOneOneInNchw() {
        byte[] px = new byte[Face48.PIXELS];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i % 256);
        Face48 a = Face48.of(px);
        INDArray x = FaceTensorContract.toInput(List.of(a, a));
        assertArrayEquals(new long[]{2, 1, 48, 48}, x.shape());
        assertEquals(-1f, x.getFloat(0, 0, 0, 0), 1e-6);             // pixel 0 = 0
        assertEquals(1f, x.getFloat(1, 0, 5, 15), 1e-6);             // index 255 = row 5, col 15, value 255
        assertEquals(100 / 127.5f - 1, x.getFloat(0, 0, 2, 4), 1e-6); // index 100
        assertEquals(FaceTensorContract.normalize(37), x.getFloat(1, 0, 0, 37), 0);
    }

    @Test
    void tensorIndexPathEqualsFacePath() {
        var s = SynthData.split("t", 2, 0, 3);
        INDArray a = FaceTensorContract.toInput(s.x(), new int[]{5, 2});
        INDArray b = FaceTensorContract.toInput(List.of(s.face(5), s.face(2)));
        assertEquals(b, a);
    }

    @Test
    void anySizeImageIsResizedTo48() {
        byte[] px = new byte[100 * 80];
        Arrays.fill(px, (byte) 200);
        Face48 f = FaceTensorContract.face(new GrayImage(100, 80, px));
        for (byte v : f.bytes()) assertEquals(200, v & 0xFF);
        assertArrayEquals(new long[]{1, 1, 48, 48}, FaceTensorContract.toInput(new GrayImage(100, 80, px)).shape());
    }

    @Test
    void versionIsStoredInSavedModels(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var g = Networks.build("tiny", 1, 1e-3, 0, null);
        java.nio.file.Path f = dir.resolve("m.zip");
        ModelFile.save(f, g, java.util.Map.of("contract", FaceTensorContract.VERSION, "network", "tiny"), false);
        assertEquals(FaceTensorContract.VERSION, ModelFile.meta(f).get("contract"));
    }
}
