package org.fer.io;

import java.util.Arrays;

/**
 * An array read from or written to a NumPy {@code .npy} file: a C-order shape and the data in one of the
 * primitive arrays, matching the dtype ({@code |u1} byte, {@code <i4} int, {@code <i8} long, {@code <f4}
 * float, {@code <f8} double).
 */
public record NpyArray(String dtype, int[] shape, Object data) {
    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int s : shape) n *= s;
        if (length(data) != n) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, data has " + length(data));
    }

    public static NpyArray ofBytes(byte[] data, int... shape) { return new NpyArray("|u1", shape, data); }
    public static NpyArray ofInts(int[] data, int... shape) { return new NpyArray("<i4", shape, data); }
    public static NpyArray ofLongs(long[] data, int... shape) { return new NpyArray("<i8", shape, data); }
    public static NpyArray ofFloats(float[] data, int... shape) { return new NpyArray("<f4", shape, data); }
    public static NpyArray ofDoubles(double[] data, int... shape) { return new NpyArray("<f8", shape, data); }

    public long size() { return length(data); }

    public byte[] bytes() { return (byte[]) data; }
    public float[] floats() { return (float[]) data; }

    /** Values as ints whatever the integer dtype (labels are stored as int64 for NumPy's sake). */
    public int[] asInts() {
        if (data instanceof int[] a) return a.clone();
        int[] out = new int[(int) size()];
        if (data instanceof long[] a) for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(a[i]);
        else if (data instanceof byte[] a) for (int i = 0; i < out.length; i++) out[i] = a[i] & 0xFF;
        else throw new IllegalStateException("not an integer array: " + dtype);
        return out;
    }

    /** Values as floats whatever the dtype (bytes read unsigned). */
    public float[] asFloats() {
        if (data instanceof float[] a) return a.clone();
        float[] out = new float[(int) size()];
        if (data instanceof double[] a) for (int i = 0; i < out.length; i++) out[i] = (float) a[i];
        else if (data instanceof byte[] a) for (int i = 0; i < out.length; i++) out[i] = a[i] & 0xFF;
        else if (data instanceof int[] a) for (int i = 0; i < out.length; i++) out[i] = a[i];
        else if (data instanceof long[] a) for (int i = 0; i < out.length; i++) out[i] = a[i];
        return out;
    }

    /** Row length of a 2-D (or higher) array viewed as rows x rest. */
    public int rowLength() {
        int n = 1;
        for (int i = 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    public int rows() { return shape.length == 0 ? 1 : shape[0]; }

    static long length(Object data) {
        if (data instanceof byte[] a) return a.length;
        if (data instanceof int[] a) return a.length;
        if (data instanceof long[] a) return a.length;
        if (data instanceof float[] a) return a.length;
        if (data instanceof double[] a) return a.length;
        throw new IllegalArgumentException("unsupported array type " + (data == null ? "null" : data.getClass()));
    }
}
