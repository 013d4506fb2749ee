package org.fer.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FerCliTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
    private PrintStream oldErr, oldOut;

    @BeforeEach void capture() { oldErr = System.err; oldOut = System.out; System.setErr(new PrintStream(err, true)); System.setOut(new PrintStream(out, true)); }
    @AfterEach void restore() { System.setErr(oldErr); System.setOut(oldOut); }

    @Test
    void synthPreprocessInfoRunEndToEnd() {
        Path csv = tmp.resolve("s.csv"), dir = tmp.resolve("p");
        assertEquals(0, FerCli.execute("synth", "--out", csv.toString(), "--per-class", "10", "--seed", "3"));
        assertEquals(0, FerCli.execute("preprocess", "--input", csv.toString(), "--out", dir.toString()));
        assertEquals(0, FerCli.execute("info", dir.toString(), "--montage"));
        assertTrue(Files.exists(dir.resolve("montage.png")));
        assertTrue(out.toString().contains("public_test"), out.toString());
    }

    @Test
    void badInputIsOneLineErrorWithExitCode2AndNoStackTrace() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "emotion,pixels,Usage\n3,1 2 3,Training\n");
        assertEquals(2, FerCli.execute("preprocess", "--input", csv.toString(), "--out", tmp.resolve("o").toString()));
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("bad.csv:2: field 'pixels'"), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertNotEquals(0, FerCli.execute("preprocess", "--nope"));
    }
}
