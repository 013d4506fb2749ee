package org.fer.io;

import org.fer.core.FerException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    @TempDir Path tmp;

    @Test
    void roundTripsEveryDtype() {
        NpyArray[] arrays = {
                NpyArray.ofBytes(new byte[]{0, 1, (byte) 255, 7, 8, 9}, 2, 3),
                NpyArray.ofInts(new int[]{-5, 0, Integer.MAX_VALUE}, 3),
                NpyArray.ofLongs(new long[]{Long.MIN_VALUE, 6}, 2),
                NpyArray.ofFloats(new float[]{1.5f, -2f, Float.MIN_VALUE, 3f}, 2, 2),
                NpyArray.ofDoubles(new double[]{Math.PI}, 1, 1, 1),
        };
        for (NpyArray a : arrays) {
            Path f = tmp.resolve(a.dtype().replaceAll("[^a-z0-9]", "") + ".npy");
            Npy.write(f, a);
            NpyArray b = Npy.read(f);
            assertEquals(a.dtype(), b.dtype());
            assertArrayEquals(a.shape(), b.shape());
            assertTrue(Arrays.deepEquals(new Object[]{a.data()}, new Object[]{b.data()}), a.dtype());
        }
    }

    @Test
    void headerIsPaddedTo64BytesAsNumpyRequires() throws IOException {
        Path f = tmp.resolve("x.npy");
        Npy.write(f, NpyArray.ofBytes(new byte[48 * 48 * 2], 2, 48, 48));
        byte[] raw = Files.readAllBytes(f);
        int headerLen = (raw[8] & 0xFF) | ((raw[9] & 0xFF) << 8);
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals('\n', raw[10 + headerLen - 1]);
        assertEquals(10 + headerLen + 2 * 48 * 48, raw.length);
    }

    @Test
    void truncatedAndForeignFilesGiveClearErrors() throws IOException {
        Path f = tmp.resolve("t.npy");
        Npy.write(f, NpyArray.ofFloats(new float[100], 100));
        byte[] raw = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(raw, raw.length - 10));
        assertTrue(assertThrows(FerException.class, () -> Npy.read(f)).getMessage().contains("truncated"));
        Path g = tmp.resolve("g.npy");
        Files.writeString(g, "hello world, not numpy");
        assertTrue(assertThrows(FerException.class, () -> Npy.read(g)).getMessage().contains("not a .npy file"));
    }

    /** NumPy itself must read our files unchanged (skipped where python3 + numpy are not installed). */
    @Test
    void numpyReadsOurFiles() throws Exception {
        Path f = tmp.resolve("n.npy");
        Npy.write(f, NpyArray.ofBytes(new byte[]{1, 2, 3, 4, 5, (byte) 200}, 2, 3));
        Path g = tmp.resolve("l.npy");
        Npy.write(g, NpyArray.ofLongs(new long[]{6, 0, 3}, 3));
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c",
                    "import numpy as n,sys;a=n.load(sys.argv[1]);b=n.load(sys.argv[2]);print(a.dtype,a.shape,int(a.sum()),b.dtype,b.tolist())",
                    f.toString(), g.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not available");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(out.contains("No module named"), "numpy not installed");
        assertEquals("uint8 (2, 3) 215 int64 [6, 0, 3]", out);
    }
}
