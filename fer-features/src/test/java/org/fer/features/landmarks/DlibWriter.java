package org.fer.features.landmarks;

import java.io.ByteArrayOutputStream;

/** Writes dlib's portable serialization (the inverse of DlibStream), to build small models in tests. */
final class DlibWriter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DlibWriter integer(long v) {
        long m = Math.abs(v);
        int n = 0;
        byte[] b = new byte[8];
        do { b[n++] = (byte) m; m >>>= 8; } while (m != 0);
        out.write((v < 0 ? 0x80 : 0) | n);
        out.write(b, 0, n);
        return this;
    }

    /** dlib's float_details encoding: 24-bit mantissa, trailing zero bytes stripped. */
    DlibWriter real(float v) {
        long mantissa;
        int exp;
        if (v == 0) { mantissa = 0; exp = -24; }
        else {
            int e = Math.getExponent(v) + 1;               // frexp: v = f * 2^e, 0.5 <= |f| < 1
            double f = v / Math.pow(2, e);
            mantissa = (long) (f * (1 << 24));
            exp = e - 24;
        }
        for (int i = 0; i < 8 && (mantissa & 0xFF) == 0; i++) { mantissa >>= 8; exp += 8; }
        return integer(mantissa).integer(exp);
    }

    DlibWriter column(float... v) {
        integer(-v.length).integer(-1);
        for (float f : v) real(f);
        return this;
    }

    DlibWriter raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    byte[] bytes() { return out.toByteArray(); }

    /**
     * A two-point model: mean shape (0.25, 0.5), (0.75, 0.5); one level with one depth-1 tree splitting on
     * pixel(anchor 0) - pixel(anchor 1) > 10: left leaf moves both points right by 0.125, right leaf
     * moves them down by 0.125.
     */
    static DlibWriter tinyModel() {
        DlibWriter w = new DlibWriter();
        w.integer(1);                                           // version
        w.column(0.25f, 0.5f, 0.75f, 0.5f);                     // initial_shape
        w.integer(1).integer(1);                                // 1 cascade level, 1 tree
        w.integer(1).integer(0).integer(1).real(10f);           // 1 split: idx1 0, idx2 1, thresh 10
        w.integer(2).column(0.125f, 0f, 0.125f, 0f).column(0f, 0.125f, 0f, 0.125f); // 2 leaves
        w.integer(1).integer(2).integer(0).integer(1);          // anchor_idx: [[0, 1]]
        w.integer(1).integer(2).real(0f).real(0f).real(0f).real(0f); // deltas: [[(0,0), (0,0)]]
        return w;
    }
}
