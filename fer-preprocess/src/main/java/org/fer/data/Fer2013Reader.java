package org.fer.data;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.core.Usage;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the Kaggle FER2013 layout ({@code emotion,pixels,Usage}, plain or gzip) with strict validation.
 *
 * <p>Why not a general CSV library: the file is 300 MB of digits, and a char-based CSV parser spends most of
 * its time building Strings. This reader works on bytes, in chunks cut at line ends; chunks are parsed on a
 * small pool while the next one is read (and decompressed), and the CSV's sha256 is computed on the way.
 * It accepts the three columns in any order, quoted fields, CRLF and a UTF-8 BOM.
 */
public final class Fer2013Reader {
    static final int DEFAULT_CHUNK = 8 << 20;
    private static final String[] COLUMNS = {"emotion", "pixels", "Usage"};

    private final boolean skipInvalid;
    private final int threads;
    private final int chunkBytes;

    public Fer2013Reader(boolean skipInvalid) {
        this(skipInvalid, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public Fer2013Reader(boolean skipInvalid, int threads) {
        this(skipInvalid, threads, DEFAULT_CHUNK);
    }

    /** Small chunks let tests put rows across chunk boundaries. */
    Fer2013Reader(boolean skipInvalid, int threads, int chunkBytes) {
        this.skipInvalid = skipInvalid;
        this.threads = threads;
        this.chunkBytes = chunkBytes;
    }

    /** Column positions found in the header. */
    private record Layout(int emotion, int pixels, int usage) {}

    /** What one chunk of lines parsed to. Line numbers are relative to the chunk (0-based). */
    private record Parsed(byte[] pixels, byte[] labels, byte[] usage, int[] localRow, int rows,
                          int lines, List<RowError> errors) {}

    public Fer2013Data read(Path file) {
        String name = file.toString();
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, name);
        } catch (NoSuchFileException e) {
            throw new FerException("input file not found: " + name);
        } catch (IOException e) {
            throw new FerException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    public Fer2013Data read(InputStream raw, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        MessageDigest sha = sha256();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fer-csv-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            return readChunks(in, name, gzip, sha, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private Fer2013Data readChunks(InputStream in, String name, boolean gzip, MessageDigest sha, ExecutorService pool) throws IOException {
        List<Future<Parsed>> futures = new ArrayList<>();
        byte[] carry = new byte[0];
        Layout layout = null;
        long csvBytes = 0;
        long lineOfFirstChunk = 2; // line 1 is the header
        boolean eof = false;
        boolean first = true;
        Future<?> hashing = null;
        ExecutorService hasher = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r, "fer-csv-sha"); t.setDaemon(true); return t; });
        try {
            while (!eof) {
                byte[] buf = Arrays.copyOf(carry, Math.max(chunkBytes, carry.length * 2));
                int len = carry.length;
                while (len < buf.length) {
                    int n;
                    try {
                        n = in.read(buf, len, buf.length - len);
                    } catch (EOFException | ZipException e) {
                        throw new FerException(name + ": " + (gzip ? "truncated or corrupt gzip data" : "unexpected end of file")
                                + " after " + (csvBytes + len - carry.length) + " bytes of CSV (" + e.getMessage() + ")");
                    }
                    if (n < 0) { eof = true; break; }
                    len += n;
                }
                byte[] chunk = buf;
                final int fromHash = carry.length, toHash = len;
                Future<?> prev = hashing;
                hashing = hasher.submit(() -> { waitFor(prev); sha.update(chunk, fromHash, toHash - fromHash); return null; });
                csvBytes += len - carry.length;
                int end = eof ? len : lastNewline(buf, len) + 1;
                if (end <= 0 && !eof) { // one line longer than the buffer: grow and read on
                    carry = Arrays.copyOf(buf, len);
                    continue;
                }
                int start = 0;
                if (first) {
                    first = false;
                    if (len == 0) throw new FerException(name + ": the file is empty (expected a header 'emotion,pixels,Usage' and data rows)");
                    int headerEnd = indexOf(buf, (byte) '\n', 0, len);
                    int hEnd = headerEnd < 0 ? len : headerEnd;
                    layout = parseHeader(name, buf, 0, hEnd);
                    start = headerEnd < 0 ? len : headerEnd + 1;
                }
                final Layout lay = layout;
                final int s = start, e = end;
                futures.add(pool.submit(() -> parse(chunk, s, e, lay)));
                carry = Arrays.copyOfRange(buf, end, len);
            }
            waitFor(hashing);
        } finally {
            hasher.shutdownNow();
        }
        return assemble(name, futures, lineOfFirstChunk, HexFormat.of().formatHex(sha.digest()), csvBytes);
    }

    private Fer2013Data assemble(String name, List<Future<Parsed>> futures, long lineBase, String sha, long csvBytes) {
        List<Parsed> parts = new ArrayList<>(futures.size());
        List<RowError> skipped = new ArrayList<>();
        int total = 0, rowBase = 0;
        for (Future<Parsed> f : futures) {
            Parsed p = get(f);
            for (RowError err : p.errors) {
                RowError abs = new RowError(lineBase + err.line(), err.field(), err.reason());
                if (!skipInvalid) throw new FerException(abs.describe(name) + " (use --skip-invalid to skip bad rows)");
                skipped.add(abs);
            }
            parts.add(p);
            total += p.rows;
            lineBase += p.lines;
        }
        if (total == 0) throw new FerException(name + ": no valid data rows" + (skipped.isEmpty() ? " (the file holds only a header)" : " (" + skipped.size() + " rows skipped)"));
        byte[] pixels = new byte[total * Face48.PIXELS];
        byte[] labels = new byte[total], usage = new byte[total];
        int[] rowIndex = new int[total];
        int at = 0;
        for (Parsed p : parts) {
            System.arraycopy(p.pixels, 0, pixels, at * Face48.PIXELS, p.rows * Face48.PIXELS);
            System.arraycopy(p.labels, 0, labels, at, p.rows);
            System.arraycopy(p.usage, 0, usage, at, p.rows);
            for (int i = 0; i < p.rows; i++) rowIndex[at + i] = rowBase + p.localRow[i];
            at += p.rows;
            rowBase += p.lines;
        }
        return new Fer2013Data(name, pixels, labels, usage, rowIndex, List.copyOf(skipped), sha, csvBytes);
    }

    private Layout parseHeader(String name, byte[] buf, int from, int to) {
        if (to - from >= 3 && (buf[from] & 0xFF) == 0xEF && (buf[from + 1] & 0xFF) == 0xBB && (buf[from + 2] & 0xFF) == 0xBF) from += 3;
        if (to > from && buf[to - 1] == '\r') to--;
        String header = new String(buf, from, to - from, StandardCharsets.UTF_8);
        String[] cols = header.split(",", -1);
        int[] pos = {-1, -1, -1};
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i].trim();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) c = c.substring(1, c.length() - 1);
            for (int k = 0; k < 3; k++) if (COLUMNS[k].equalsIgnoreCase(c)) pos[k] = i;
        }
        if (cols.length != 3 || pos[0] < 0 || pos[1] < 0 || pos[2] < 0)
            throw new FerException(name + ":1: wrong header '" + abbreviate(header) + "': expected the three columns emotion,pixels,Usage");
        return new Layout(pos[0], pos[1], pos[2]);
    }

    /** Parses lines in buf[from, to), each ending in '\n' (the last may not). */
    private static Parsed parse(byte[] buf, int from, int to, Layout layout) {
        int cap = 0;
        for (int i = from; i < to; i++) if (buf[i] == '\n') cap++;
        cap++;
        byte[] pixels = new byte[cap * Face48.PIXELS];
        byte[] labels = new byte[cap], usage = new byte[cap];
        int[] localRow = new int[cap];
        List<RowError> errors = new ArrayList<>(0);
        int rows = 0, line = 0;
        int[] fs = new int[3], fe = new int[3];
        int pos = from;
        while (pos < to) {
            int eol = indexOf(buf, (byte) '\n', pos, to);
            int lineEnd = eol < 0 ? to : eol;
            int next = eol < 0 ? to : eol + 1;
            if (lineEnd > pos && buf[lineEnd - 1] == '\r') lineEnd--;
            if (lineEnd == pos) { // blank lines are no rows (as in most CSV readers); they still count for line numbers
                line++;
                pos = next;
                continue;
            }
            String err = splitFields(buf, pos, lineEnd, fs, fe);
            if (err != null) {
                errors.add(new RowError(line, "row", err));
            } else {
                int base = rows * Face48.PIXELS;
                String field = "emotion";
                String reason = parseLabel(buf, fs[layout.emotion], fe[layout.emotion]);
                int label = reason == null ? buf[fs[layout.emotion]] - '0' : -1;
                if (reason == null) { field = "pixels"; reason = parsePixels(buf, fs[layout.pixels], fe[layout.pixels], pixels, base); }
                Usage u = null;
                if (reason == null) {
                    field = "Usage";
                    String value = new String(buf, fs[layout.usage], fe[layout.usage] - fs[layout.usage], StandardCharsets.UTF_8);
                    u = Usage.fromCsv(value.trim());
                    if (u == null) reason = "unknown Usage '" + abbreviate(value) + "' (expected Training, PublicTest or PrivateTest)";
                }
                if (reason != null) {
                    errors.add(new RowError(line, field, reason));
                } else {
                    labels[rows] = (byte) label;
                    usage[rows] = (byte) u.ordinal();
                    localRow[rows] = line;
                    rows++;
                }
            }
            line++;
            pos = next;
        }
        return new Parsed(pixels, labels, usage, localRow, rows, line, errors);
    }

    /** Finds the three comma-separated fields of a line (quotes allowed around a field); null when fine. */
    private static String splitFields(byte[] b, int from, int to, int[] fs, int[] fe) {
        int field = 0, p = from;
        while (true) {
            if (field >= 3) return "expected 3 fields, found more";
            if (p < to && b[p] == '"') {
                int close = indexOf(b, (byte) '"', p + 1, to);
                if (close < 0) return "unterminated quote in field " + (field + 1);
                fs[field] = p + 1;
                fe[field] = close;
                p = close + 1;
                if (p < to && b[p] != ',') return "text after closing quote in field " + (field + 1);
            } else {
                int comma = indexOf(b, (byte) ',', p, to);
                fs[field] = p;
                fe[field] = comma < 0 ? to : comma;
                p = fe[field];
            }
            field++;
            if (p >= to) break;
            p++; // skip comma
            if (p == to) { // trailing comma: an empty last field
                if (field >= 3) return "expected 3 fields, found more";
                fs[field] = fe[field] = to;
                field++;
                break;
            }
        }
        return field == 3 ? null : "expected 3 fields (emotion,pixels,Usage), found " + field;
    }

    private static String parseLabel(byte[] b, int from, int to) {
        while (from < to && b[from] == ' ') from++;
        while (to > from && b[to - 1] == ' ') to--;
        if (to - from == 1 && b[from] >= '0' && b[from] <= '6') return null;
        String v = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (v.isEmpty()) return "missing label";
        try {
            int n = Integer.parseInt(v);
            return "label " + n + " is outside 0..6";
        } catch (NumberFormatException e) {
            return "label '" + abbreviate(v) + "' is not an integer 0..6";
        }
    }

    /** Space-separated integers 0..255, exactly 2304 of them, into out[base..]. */
    private static String parsePixels(byte[] b, int from, int to, byte[] out, int base) {
        int count = 0, value = 0, digits = 0;
        for (int i = from; i <= to; i++) {
            byte c = i < to ? b[i] : (byte) ' ';
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3) return "pixel " + (count + 1) + " is out of range 0..255 (" + token(b, i, to) + ")";
            } else if (c == ' ' || c == '\t') {
                if (digits > 0) {
                    if (value > 255) return "pixel " + (count + 1) + " is out of range 0..255 (" + value + ")";
                    if (count < Face48.PIXELS) out[base + count] = (byte) value;
                    count++;
                    value = 0;
                    digits = 0;
                }
            } else {
                return "pixel " + (count + 1) + " '" + token(b, i, to) + "' is not an integer 0..255";
            }
        }
        if (count != Face48.PIXELS) return "expected " + Face48.PIXELS + " pixel values (48x48), found " + count;
        return null;
    }

    private static String token(byte[] b, int at, int to) {
        int s = at, e = at;
        while (s > 0 && b[s - 1] != ' ' && b[s - 1] != ',' && b[s - 1] != '"') s--;
        while (e < to && b[e] != ' ') e++;
        return abbreviate(new String(b, s, e - s, StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 37) + "..." : s; }

    private static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == v) return i;
        return -1;
    }

    private static int lastNewline(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) if (b[i] == '\n') return i;
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Future<?> f) {
        if (f != null) get(f);
    }

    private static <T> T get(Future<T> f) {
        return org.fer.core.Futures.await(f, "reading");
    }
}
