package org.fer.data;

import org.fer.core.FerException;
import org.fer.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class Fer2013ReaderTest {
    @TempDir Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path gzip(String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) { out.write(data); }
        return p;
    }

    @Test
    void readsRowsInOrderWithPixelsLabelsAndUsage() throws IOException {
        Random r = new Random(3);
        String p0 = CsvFixtures.pixels(r), p1 = CsvFixtures.pixels(r);
        Path f = write("a.csv", CsvFixtures.HEADER + CsvFixtures.row(3, p0, "Training") + CsvFixtures.row(6, p1, "PrivateTest"));
        Fer2013Data d = new Fer2013Reader(false).read(f);
        assertEquals(2, d.rows());
        assertEquals(3, d.label(0));
        assertEquals(6, d.label(1));
        assertEquals(Usage.TRAINING, d.usage(0));
        assertEquals(Usage.PRIVATE_TEST, d.usage(1));
        int[] expected = Arrays.stream(p1.split(" ")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < 2304; i++) assertEquals(expected[i], d.pixels()[2304 + i] & 0xFF);
        assertArrayEquals(new int[]{0, 1}, d.rowIndex());
    }

    @Test
    void gzipGivesTheSameDataAndTheSameCsvHashAsPlain() throws IOException {
        String text = CsvFixtures.HEADER + CsvFixtures.rows(30, "Training", 1);
        Fer2013Data plain = new Fer2013Reader(false).read(write("p.csv", text));
        Fer2013Data gz = new Fer2013Reader(false).read(gzip("p.csv.gz", text.getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(plain.pixels(), gz.pixels());
        assertArrayEquals(plain.labels(), gz.labels());
        assertEquals(plain.csvSha256(), gz.csvSha256());
        assertEquals(org.fer.io.Hashing.sha256(text.getBytes(StandardCharsets.US_ASCII)), plain.csvSha256());
    }

    @Test
    void rowsAcrossManySmallChunksParseLikeOneChunk() throws IOException {
        String text = CsvFixtures.HEADER + CsvFixtures.rows(40, "Training", 2) + CsvFixtures.rows(9, "PublicTest", 3);
        Path f = write("c.csv", text);
        Fer2013Data big = new Fer2013Reader(false, 2).read(f);
        Fer2013Data small = new Fer2013Reader(false, 2, 3000).read(f); // ~ a row per chunk, rows cut mid-way
        assertEquals(49, small.rows());
        assertArrayEquals(big.pixels(), small.pixels());
        assertArrayEquals(big.usage(), small.usage());
        assertEquals(big.csvSha256(), small.csvSha256());
    }

    @Test
    void acceptsCrlfQuotesBomAnyColumnOrderAndBlankLines() throws IOException {
        Random r = new Random(5);
        String px = CsvFixtures.pixels(r);
        String text = "\uFEFFUsage,emotion,\"pixels\"\r\n" + "PublicTest,2,\"" + px + "\"\r\n\r\n" + "Training,5," + px + "\r\n";
        Fer2013Data d = new Fer2013Reader(false).read(write("q.csv", text));
        assertEquals(2, d.rows());
        assertEquals(2, d.label(0));
        assertEquals(Usage.PUBLIC_TEST, d.usage(0));
        assertEquals(5, d.label(1));
        assertArrayEquals(Arrays.copyOfRange(d.pixels(), 0, 2304), Arrays.copyOfRange(d.pixels(), 2304, 4608));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "label out of range   | 7,{P},Training                 | :3: field 'emotion': label 7 is outside 0..6",
            "negative label       | -1,{P},Training                | :3: field 'emotion': label -1 is outside 0..6",
            "non-integer label    | x,{P},Training                 | :3: field 'emotion': label 'x' is not an integer",
            "unknown usage        | 1,{P},Testing                  | :3: field 'Usage': unknown Usage 'Testing'",
            "too few pixels       | 1,{SHORT},Training             | :3: field 'pixels': expected 2304 pixel values (48x48), found 2303",
            "too many pixels      | 1,{P} 9,Training               | :3: field 'pixels': expected 2304 pixel values (48x48), found 2305",
            "pixel over 255       | 1,256 {REST},Training          | :3: field 'pixels': pixel 1 is out of range 0..255 (256)",
            "non-integer pixel    | 1,12.5 {REST},Training         | :3: field 'pixels': pixel 1 '12.5' is not an integer 0..255",
            "negative pixel       | 1,-3 {REST},Training           | :3: field 'pixels': pixel 1 '-3' is not an integer 0..255",
            "missing column       | 1,{P}                          | :3: field 'row': expected 3 fields (emotion,pixels,Usage), found 2",
            "extra column         | 1,{P},Training,x               | :3: field 'row': expected 3 fields, found more",
    })
    void badRowsNameFileLineAndField(String name, String row, String expected) throws IOException {
        Random r = new Random(9);
        String px = CsvFixtures.pixels(r);
        String rest = px.substring(px.indexOf(' ') + 1);
        String bad = row.replace("{P}", px).replace("{SHORT}", rest).replace("{REST}", rest);
        Path f = write("bad.csv", CsvFixtures.HEADER + CsvFixtures.row(0, px, "Training") + bad + "\n" + CsvFixtures.row(1, px, "Training"));
        FerException e = assertThrows(FerException.class, () -> new Fer2013Reader(false).read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    @Test
    void skipInvalidSkipsAndReportsEachBadRowWithItsLine() throws IOException {
        Random r = new Random(11);
        String px = CsvFixtures.pixels(r);
        String text = CsvFixtures.HEADER + CsvFixtures.row(0, px, "Training") + CsvFixtures.row(9, px, "Training")
                + CsvFixtures.row(2, px, "Training") + CsvFixtures.row(3, px, "Nope");
        Fer2013Data d = new Fer2013Reader(true).read(write("s.csv", text));
        assertEquals(2, d.rows());
        assertEquals(2, d.skipped().size());
        assertEquals(3, d.skipped().get(0).line());
        assertEquals("emotion", d.skipped().get(0).field());
        assertEquals(5, d.skipped().get(1).line());
        assertEquals("Usage", d.skipped().get(1).field());
        assertArrayEquals(new int[]{0, 2}, d.rowIndex());
    }

    @Test
    void firstErrorIsReportedEvenWhenLaterChunksHoldErrorsToo() throws IOException {
        Random r = new Random(12);
        String px = CsvFixtures.pixels(r);
        StringBuilder sb = new StringBuilder(CsvFixtures.HEADER);
        for (int i = 0; i < 20; i++) sb.append(CsvFixtures.row(i == 7 || i == 15 ? 8 : 1, px, "Training"));
        FerException e = assertThrows(FerException.class, () -> new Fer2013Reader(false, 2, 4000).read(write("m.csv", sb.toString())));
        assertTrue(e.getMessage().contains(":9: field 'emotion'"), e.getMessage());
    }

    @Test
    void wrongHeaderEmptyFileAndHeaderOnlyAreRefused() throws IOException {
        assertTrue(assertThrows(FerException.class, () -> new Fer2013Reader(false).read(write("h.csv", "label,pixels,Usage\n1,2,Training\n")))
                .getMessage().contains(":1: wrong header"));
        assertTrue(assertThrows(FerException.class, () -> new Fer2013Reader(false).read(write("e.csv", "")))
                .getMessage().contains("the file is empty"));
        assertTrue(assertThrows(FerException.class, () -> new Fer2013Reader(false).read(write("o.csv", CsvFixtures.HEADER)))
                .getMessage().contains("no valid data rows"));
        assertTrue(assertThrows(FerException.class, () -> new Fer2013Reader(false).read(tmp.resolve("missing.csv")))
                .getMessage().contains("not found"));
    }

    @Test
    void truncatedGzipIsAClearError() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write((CsvFixtures.HEADER + CsvFixtures.rows(50, "Training", 4)).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] all = bos.toByteArray();
        Path f = tmp.resolve("t.csv.gz");
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        FerException e = assertThrows(FerException.class, () -> new Fer2013Reader(false).read(f));
        assertTrue(e.getMessage().contains("truncated or corrupt gzip"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()));
    }
}
