package org.fer.features.landmarks;

/**
 * A face rectangle in dlib's convention: inclusive integer pixel corners, so the width is
 * {@code right - left + 1}. It may reach outside the image.
 */
public record Box(int left, int top, int right, int bottom) {
    public Box {
        if (right < left || bottom < top) throw new IllegalArgumentException("empty box " + left + "," + top + "," + right + "," + bottom);
    }

    /** The whole image: (0, 0, width-1, height-1), how FER2013 crops are fed to the predictor by default. */
    public static Box whole(int width, int height) { return new Box(0, 0, width - 1, height - 1); }

    /** From an OpenCV-style (x, y, w, h) rectangle. */
    public static Box ofXywh(int x, int y, int w, int h) { return new Box(x, y, x + w - 1, y + h - 1); }

    /** Parses {@code left,top,right,bottom}. */
    public static Box parse(String s) {
        String[] t = s.split(",");
        if (t.length != 4) throw new IllegalArgumentException("box must be left,top,right,bottom (4 integers), got '" + s + "'");
        try {
            return new Box(Integer.parseInt(t[0].trim()), Integer.parseInt(t[1].trim()), Integer.parseInt(t[2].trim()), Integer.parseInt(t[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("box must be left,top,right,bottom (4 integers), got '" + s + "'");
        }
    }

    public int width() { return right - left + 1; }

    public int height() { return bottom - top + 1; }

    @Override
    public String toString() { return left + "," + top + "," + right + "," + bottom; }
}
