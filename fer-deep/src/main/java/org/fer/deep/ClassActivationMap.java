package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.image.GrayImage;
import org.fer.io.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Explainability maps over a 48x48 face, as the seed's figure: which pixels drive the predicted class.
 *
 * <ul>
 * <li>{@code cam} — the class activation map proper (Zhou et al. 2016): networks ending in conv → global average
 *   pool → softmax (xception, tiny) have, in layer {@value Networks#CAM_LAYER}, one score map per class whose mean
 *   is the class logit; that map for the chosen class, upsampled bilinearly to 48x48.</li>
 * <li>{@code occlusion} — for any network (simple has a dense head): the drop of the class probability when an 8x8
 *   mid-gray patch hides each region (stride 4), upsampled; model-agnostic, finer, 121 forward passes.</li>
 * </ul>
 * Maps are scaled to 0..1 (min-max) for display.
 */
public final class ClassActivationMap {
    private ClassActivationMap() {}

    public record Result(float[] map, int cls, float[] proba, String method) {}

    public static boolean hasCamLayer(ComputationGraph g) { return g.getConfiguration().getVertices().containsKey(Networks.CAM_LAYER); }

    /**
     * As {@link #compute(ComputationGraph, Face48, int, String)} for a loaded model; a model with an {@link InputAdapter}
     * (the hybrid) gets the occlusion map, computed through {@link DeepModel#predictProba} so every occluded face gets its
     * own feature vector.
     */
    public static Result compute(DeepModel model, Face48 face, int cls, String method) {
        if (model.adapter() == null) return compute(model.graph(), face, cls, method);
        if (!method.equals("auto") && !method.equals("occlusion"))
            throw new org.fer.core.FerException("this network takes a feature vector besides the image: only --method occlusion (or auto) applies");
        float[] p = model.predictProba(List.of(face))[0];
        int c = cls >= 0 ? cls : argmax(p);
        return new Result(normalise(occlusion(model::predictProba, face, c, p[c])), c, p, "occlusion");
    }

    /** Map for class {@code cls}, or for the predicted class when {@code cls < 0}; method "cam", "occlusion" or "auto". */
    public static Result compute(ComputationGraph g, Face48 face, int cls, String method) {
        String m = method.equals("auto") ? (hasCamLayer(g) ? "cam" : "occlusion") : method;
        Networks.Layout layout = Networks.Layout.of(g);
        INDArray x = layout.input(FaceTensorContract.toInput(List.of(face)));
        Map<String, INDArray> acts = g.feedForward(new INDArray[]{x}, false, false);
        float[] p = acts.get(g.getConfiguration().getNetworkOutputs().get(0)).getRow(0).toFloatVector();
        int c = cls >= 0 ? cls : argmax(p);
        float[] map;
        if (m.equals("cam")) {
            if (!hasCamLayer(g)) throw new org.fer.core.FerException("this network has no '" + Networks.CAM_LAYER + "' layer; use --method occlusion");
            INDArray a = layout.toNchw(acts.get(Networks.CAM_LAYER)); // [1, 7, h, w]
            int h = (int) a.size(2), w = (int) a.size(3);
            float[] small = new float[h * w];
            for (int yy = 0; yy < h; yy++) for (int xx = 0; xx < w; xx++) small[yy * w + xx] = a.getFloat(0, c, yy, xx);
            map = upsample(small, w, h);
        } else if (m.equals("occlusion")) {
            map = occlusion(faces -> rows(g.outputSingle(false, layout.input(FaceTensorContract.toInput(faces)))), face, c, p[c]);
        } else throw new org.fer.core.FerException("--method must be auto, cam or occlusion, got " + method);
        return new Result(normalise(map), c, p, m);
    }

    private static float[][] rows(INDArray a) {
        float[][] r = new float[(int) a.size(0)][];
        for (int i = 0; i < r.length; i++) r[i] = a.getRow(i).toFloatVector();
        return r;
    }

    static float[] occlusion(java.util.function.Function<List<Face48>, float[][]> predict, Face48 face, int c, float base) {
        int patch = 8, stride = 4, n = Face48.SIDE;
        int steps = (n - patch) / stride + 1;
        byte[] px = face.bytes();
        List<Face48> batch = new ArrayList<>();
        for (int i = 0; i < steps; i++)
            for (int j = 0; j < steps; j++) {
                byte[] q = px.clone();
                for (int y = i * stride; y < i * stride + patch; y++)
                    for (int x = j * stride; x < j * stride + patch; x++) q[y * n + x] = (byte) 128;
                batch.add(Face48.of(q));
            }
        float[][] out = predict.apply(batch);
        float[] sum = new float[n * n], cnt = new float[n * n];
        int k = 0;
        for (int i = 0; i < steps; i++)
            for (int j = 0; j < steps; j++, k++) {
                float drop = base - out[k][c];
                for (int y = i * stride; y < i * stride + patch; y++)
                    for (int x = j * stride; x < j * stride + patch; x++) {
                        sum[y * n + x] += drop;
                        cnt[y * n + x]++;
                    }
            }
        for (int i = 0; i < sum.length; i++) sum[i] = cnt[i] > 0 ? sum[i] / cnt[i] : 0;
        return sum;
    }

    /** Bilinear upsampling of a w x h map to 48x48, pixel centres aligned. */
    static float[] upsample(float[] small, int w, int h) {
        int n = Face48.SIDE;
        float[] out = new float[n * n];
        for (int y = 0; y < n; y++) {
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / n - 0.5));
            int y0 = (int) fy, y1 = Math.min(h - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < n; x++) {
                double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / n - 0.5));
                int x0 = (int) fx, x1 = Math.min(w - 1, x0 + 1);
                double wx = fx - x0;
                out[y * n + x] = (float) ((1 - wy) * ((1 - wx) * small[y0 * w + x0] + wx * small[y0 * w + x1])
                        + wy * ((1 - wx) * small[y1 * w + x0] + wx * small[y1 * w + x1]));
            }
        }
        return out;
    }

    static float[] normalise(float[] m) {
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : m) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) out[i] = hi > lo ? (m[i] - lo) / (hi - lo) : 0;
        return out;
    }

    static int argmax(float[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
        return b;
    }

    private static final int CAPTION_PAD = 18;

    /** A tile: the face (scaled x{@code scale}) beside the heat map blended over it, with the class and probability. */
    public static BufferedImage render(Face48 face, Result r, int scale) {
        int s = Face48.SIDE * scale;
        BufferedImage img = captioned(2 * s, s, String.format(Locale.ROOT, "%s %.0f%% (%s)", Emotion.values()[r.cls()].label(), 100 * r.proba()[r.cls()], r.method()));
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++) {
                int gx = x / scale, gy = y / scale;
                int v = face.get(gx, gy);
                img.setRGB(x, y + CAPTION_PAD, new Color(v, v, v).getRGB());
                float h = r.map()[gy * Face48.SIDE + gx];
                int[] jet = jet(h);
                float a = 0.45f;
                img.setRGB(s + x, y + CAPTION_PAD, new Color(Math.round((1 - a) * v + a * jet[0]), Math.round((1 - a) * v + a * jet[1]),
                        Math.round((1 - a) * v + a * jet[2])).getRGB());
            }
        return img;
    }

    /** A heat map alone (no face pixels) with a caption: for aggregated maps that must not show dataset images. */
    public static BufferedImage renderMap(float[] map, String caption, int scale) {
        int s = Face48.SIDE * scale;
        BufferedImage img = captioned(Math.max(s, 120), s, caption);
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++) {
                int[] jet = jet(map[(y / scale) * Face48.SIDE + x / scale]);
                img.setRGB(x, y + CAPTION_PAD, new Color(jet[0], jet[1], jet[2]).getRGB());
            }
        return img;
    }

    /** A white image {@code w} wide with a caption line above a {@code h}-high picture area. */
    private static BufferedImage captioned(int w, int h, String caption) {
        BufferedImage img = new BufferedImage(w, h + CAPTION_PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(caption, 3, 13);
        g.dispose();
        return img;
    }

    /** Blue → cyan → yellow → red. */
    static int[] jet(float v) {
        float r = clamp(1.5f - Math.abs(4 * v - 3)), gg = clamp(1.5f - Math.abs(4 * v - 2)), b = clamp(1.5f - Math.abs(4 * v - 1));
        return new int[]{Math.round(255 * r), Math.round(255 * gg), Math.round(255 * b)};
    }

    private static float clamp(float v) { return Math.max(0, Math.min(1, v)); }

    public static void writePng(BufferedImage img, Path file) {
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }

    /** Tiles in a grid of {@code cols} columns. */
    public static BufferedImage grid(List<BufferedImage> tiles, int cols) {
        if (tiles.isEmpty()) throw new org.fer.core.FerException("no faces to draw");
        int tw = tiles.get(0).getWidth(), th = tiles.get(0).getHeight();
        int rows = (tiles.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * tw, rows * th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < tiles.size(); i++) g.drawImage(tiles.get(i), (i % cols) * tw, (i / cols) * th, null);
        g.dispose();
        return img;
    }

    /** Used by the command for an input image of any size. */
    public static Face48 faceOf(GrayImage img) { return FaceTensorContract.face(img); }
}
