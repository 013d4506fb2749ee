package org.fer.live;

import org.fer.core.Face48;
import org.fer.deep.FaceTensorContract;
import org.fer.image.GrayImage;

/**
 * Cuts a box out of a frame and hands it to fer-deep's face → tensor contract. The crop is first reduced to
 * 48x48 by area averaging (each output pixel is the mean of the source pixels it covers, as OpenCV's INTER_AREA):
 * FER2013's faces are downscaled photos, and plain bilinear sampling of a 150-pixel face would alias. Parts of
 * the box outside the frame repeat the nearest edge pixel, so faces cut by the border still give a full crop.
 */
public final class FaceCrop {
    private FaceCrop() {}

    public static Face48 face48(GrayImage frame, Box box) {
        return FaceTensorContract.face(crop(frame, box, Face48.SIDE));
    }

    /** The box resampled to side x side (area average when shrinking, nearest pixel when enlarging). */
    public static GrayImage crop(GrayImage frame, Box box, int side) {
        int fw = frame.width(), fh = frame.height();
        byte[] src = frame.pixels();
        byte[] out = new byte[side * side];
        double sx = (double) box.width() / side, sy = (double) box.height() / side;
        for (int oy = 0; oy < side; oy++) {
            int y0 = box.top() + (int) Math.floor(oy * sy);
            int y1 = Math.max(y0 + 1, box.top() + (int) Math.floor((oy + 1) * sy));
            for (int ox = 0; ox < side; ox++) {
                int x0 = box.left() + (int) Math.floor(ox * sx);
                int x1 = Math.max(x0 + 1, box.left() + (int) Math.floor((ox + 1) * sx));
                int sum = 0;
                for (int y = y0; y < y1; y++) {
                    int row = Math.min(fh - 1, Math.max(0, y)) * fw;
                    for (int x = x0; x < x1; x++) sum += src[row + Math.min(fw - 1, Math.max(0, x))] & 0xFF;
                }
                out[oy * side + ox] = (byte) ((sum + (y1 - y0) * (x1 - x0) / 2) / ((y1 - y0) * (x1 - x0)));
            }
        }
        return new GrayImage(side, side, out);
    }
}
