package org.fer.features;

import org.fer.cli.FerCli;
import org.fer.image.GrayImage;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CommandsTest {

    static String[] run(int expectedExit, String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o));
        System.setErr(new PrintStream(e));
        int code;
        try {
            code = FerCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(expectedExit, code, "fer " + String.join(" ", args) + "\nstdout: " + o + "\nstderr: " + e);
        return new String[]{o.toString(), e.toString()};
    }

    @Test
    void featuresCommandWritesThenSkips(@TempDir Path tmp) {
        Path csv = tmp.resolve("s.csv");
        new SyntheticFaces(2).writeCsv(csv, 5);
        Path data = tmp.resolve("p");
        new Preprocessor(new PreprocessConfig(0.1, 42, false)).run(csv, data);
        Path out = tmp.resolve("f");
        String[] r = run(0, "features", "--data", data.toString(), "--kind", "hog", "--out", out.toString(), "--block-norm", "L2-Hys", "--pixels-per-cell", "8", "--cells-per-block", "2,2", "--orientations", "9");
        assertTrue(r[0].contains("dimension 900"), r[0]);
        assertEquals(900, FeatureDataset.open(out).dimension());
        r = run(0, "features", "--data", data.toString(), "--kind", "hog", "--out", out.toString(), "--block-norm", "L2-Hys", "--pixels-per-cell", "8", "--cells-per-block", "2,2", "--orientations", "9");
        assertTrue(r[0].contains("up to date"), r[0]);
    }

    @Test
    void badInputGivesOneLineErrors(@TempDir Path tmp) {
        String[] r = run(2, "features", "--data", tmp.resolve("none").toString(), "--kind", "hog", "--out", tmp.resolve("o").toString());
        assertTrue(r[1].contains("processed data directory not found"), r[1]);
        r = run(2, "features", "--data", tmp.toString(), "--kind", "sift", "--out", tmp.resolve("o").toString());
        assertTrue(r[1].contains("unknown feature kind"), r[1]);
        r = run(2, "landmarks", "--image", tmp.resolve("missing.png").toString());
        assertTrue(r[1].contains("image not found"), r[1]);
        Path png = tmp.resolve("x.png");
        new GrayImage(4, 4, new byte[16]).writePng(png);
        r = run(2, "landmarks", "--image", png.toString(), "--landmarks-model", tmp.resolve("nope.dat").toString());
        assertTrue(r[1].contains("apt-get install libdlib-data") && r[1].contains("--landmarks-model") && !r[1].contains("\tat "), r[1]);
        r = run(2, "landmarks", "--image", png.toString(), "--box", "1,2,3");
        assertTrue(r[1].contains("left,top,right,bottom"), r[1]);
    }
}
