package org.fer.core;

import java.util.Arrays;

/**
 * One 48x48 grayscale face as FER2013 stores it: 2304 bytes, row-major, 0..255 (read as unsigned).
 * Immutable: the array is copied in and out.
 */
public final class Face48 {
    public static final int SIDE = 48;
    public static final int PIXELS = SIDE * SIDE;

    private final byte[] pixels;

    private Face48(byte[] pixels) { this.pixels = pixels; }

    public static Face48 of(byte[] pixels) {
        if (pixels.length != PIXELS) throw new IllegalArgumentException("a face has " + PIXELS + " pixels, got " + pixels.length);
        return new Face48(pixels.clone());
    }

    /** Copies face {@code index} out of an N*2304 byte tensor. */
    public static Face48 fromTensor(byte[] tensor, int index) {
        return new Face48(Arrays.copyOfRange(tensor, index * PIXELS, (index + 1) * PIXELS));
    }

    public int get(int x, int y) { return pixels[y * SIDE + x] & 0xFF; }

    public byte[] bytes() { return pixels.clone(); }

    /** Pixels as doubles in 0..255, the form HOG and landmarks take. */
    public double[] toDoubles() {
        double[] d = new double[PIXELS];
        for (int i = 0; i < PIXELS; i++) d[i] = pixels[i] & 0xFF;
        return d;
    }

    @Override public boolean equals(Object o) { return o instanceof Face48 f && Arrays.equals(pixels, f.pixels); }
    @Override public int hashCode() { return Arrays.hashCode(pixels); }
}
