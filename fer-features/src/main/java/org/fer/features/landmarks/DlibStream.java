package org.fer.features.landmarks;

import org.fer.core.FerException;

import java.nio.ByteBuffer;

/**
 * Reads dlib's portable serialization (dlib/serialize.h) from a buffer: integers as a control byte
 * (bit 7 sign, bits 0-3 byte count N = 1..8, bits 4-6 zero) and N little-endian magnitude bytes; floats
 * as a mantissa integer then an exponent integer, value = mantissa * 2^exponent. Every error names the
 * file, the byte offset and what was expected there.
 */
final class DlibStream {
    private final ByteBuffer buf;
    private final int size;
    private final String name;
    private int pos;
    private String where = "";

    DlibStream(ByteBuffer buf, String name) {
        this.buf = buf;
        this.size = buf.limit();
        this.name = name;
    }

    int position() { return pos; }

    /** Context prefixed to error messages (set once per tree, so per-value reads build no strings). */
    void where(String w) { this.where = w; }

    int size() { return size; }

    FerException error(int offset, String message) {
        return new FerException(name + ": offset " + offset + ": " + (where.isEmpty() ? "" : where + ": ") + message);
    }

    /** A signed integer of at most 8 magnitude bytes. */
    long readLong(String what) {
        int start = pos;
        if (pos >= size) throw error(start, "file ends (truncated?) where " + what + " was expected");
        int c = buf.get(pos) & 0xFF;
        if ((c & 0x70) != 0) throw error(start, "expected " + what + " (a dlib integer), found byte 0x" + hex(c) + " with reserved bits set - not a dlib shape predictor file, or corrupt");
        int n = c & 0x0F;
        if (n == 0 || n > 8) throw error(start, "expected " + what + " (a dlib integer), found control byte 0x" + hex(c) + " announcing " + n + " bytes");
        if (pos + 1 + n > size) throw error(start, "file ends (truncated?) inside " + what + " (" + n + " bytes announced, " + (size - pos - 1) + " left)");
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (buf.get(pos + 1 + i) & 0xFF) << (8 * i);
        if (v < 0) throw error(start, what + " does not fit in 63 bits");
        pos += 1 + n;
        return (c & 0x80) != 0 ? -v : v;
    }

    int readInt(String what) {
        int start = pos;
        long v = readLong(what);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(start, what + " = " + v + " does not fit in an int");
        return (int) v;
    }

    /** An unsigned count or index, checked against {@code max} (inclusive). */
    int readUnsigned(String what, long max) {
        int start = pos;
        long v = readLong(what);
        if (v < 0) throw error(start, "expected " + what + " (unsigned), found negative value " + v);
        if (v > max) throw error(start, "expected " + what + " <= " + max + ", found " + v);
        return (int) v;
    }

    /** A float; the fast path decodes the common 1-3-byte mantissa and 1-byte exponent inline. */
    float readFloat(String what) {
        int start = pos;
        // fast path: sign + 1..3 mantissa bytes, then a 1-byte exponent (nearly every float in dlib's models)
        if (pos + 6 <= size) {
            int c = buf.get(pos) & 0xFF, n = c & 0x0F;
            if ((c & 0x70) == 0 && n >= 1 && n <= 3) {
                int m = 0;
                for (int i = 0; i < n; i++) m |= (buf.get(pos + 1 + i) & 0xFF) << (8 * i);
                int e = buf.get(pos + 1 + n) & 0xFF;
                if ((e & 0x7F) == 1 && pos + 3 + n <= size) {
                    int ev = buf.get(pos + 2 + n) & 0xFF;
                    pos += 3 + n;
                    float f = (c & 0x80) != 0 ? -m : m;
                    return Math.scalb(f, (e & 0x80) != 0 ? -ev : ev);
                }
            }
        }
        if (pos >= size) throw error(start, "file ends (truncated?) where " + what + " (a float) was expected");
        int c = buf.get(pos) & 0xFF;
        if ((c & 0x70) != 0)
            throw error(start, "expected " + what + " (a float), found byte 0x" + hex(c) + ": dlib's legacy ASCII float form is not supported, or the file is corrupt");
        long mantissa = readLong(what + " (mantissa)");
        int expStart = pos;
        long exponent = readLong(what + " (exponent)");
        if (exponent < Short.MIN_VALUE || exponent > Short.MAX_VALUE) throw error(expStart, what + ": exponent " + exponent + " is outside the 16-bit range");
        if (exponent >= 32000) {
            if (exponent == 32000) return Float.POSITIVE_INFINITY;
            if (exponent == 32001) return Float.NEGATIVE_INFINITY;
            return Float.NaN;
        }
        return Math.scalb((float) mantissa, (int) exponent);
    }

    /** dlib::matrix dimensions: rows then columns, negated by current writers; returns {rows, cols}. */
    int[] readMatrixHeader(String what) {
        int start = pos;
        long r = readLong(what + " rows"), c = readLong(what + " columns");
        if (r < 0 || c < 0) { r = -r; c = -c; }
        if (r < 0 || c < 0 || r * c > Integer.MAX_VALUE) throw error(start, what + ": bad matrix size " + r + " x " + c);
        return new int[]{(int) r, (int) c};
    }

    private static String hex(int b) { return String.format("%02x", b); }
}
