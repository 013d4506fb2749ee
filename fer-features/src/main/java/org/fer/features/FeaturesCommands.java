package org.fer.features;

import org.fer.cli.CommandProvider;
import org.fer.cli.Progress;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.hog.HogParams;
import org.fer.features.landmarks.Box;
import org.fer.features.landmarks.DlibGray;
import org.fer.features.landmarks.Landmarks;
import org.fer.features.landmarks.ShapePredictor;
import org.fer.image.GrayImage;
import org.fer.io.AtomicFiles;
import org.fer.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer features}, {@code fer landmarks} and {@code fer features-bench}. */
public final class FeaturesCommands implements CommandProvider {

    @Override
    public List<Object> commands() { return List.of(new FeaturesCmd(), new LandmarksCmd(), new FeaturesBench.Cmd()); }

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = {"Feature matrices (.npy per split + manifest.json, format fer-features-v1) from a processed directory.",
                    "Defaults are the seed's (amineHorseman's SVM repository); re-running with unchanged inputs does nothing."})
    static final class FeaturesCmd implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "Processed directory (from fer preprocess).")
        Path data;
        @Option(names = "--kind", required = true, description = "hog, landmarks, landmarks-hog or sliding.")
        String kind;
        @Option(names = "--out", required = true, description = "Output feature directory.")
        Path out;
        @Option(names = "--orientations", description = "HOG orientation bins (default: 8, the seed's).")
        Integer orientations;
        @Option(names = "--pixels-per-cell", description = "HOG cell size in pixels, e.g. 16 or 16,16 (default: 16 whole-face, 8 per window).")
        String pixelsPerCell;
        @Option(names = "--cells-per-block", description = "HOG block size in cells, e.g. 1 or 2,2 (default: 1).")
        String cellsPerBlock;
        @Option(names = "--block-norm", description = "L1, L1-sqrt, L2 or L2-Hys (default: L1).")
        String blockNorm;
        @Option(names = "--transform-sqrt", description = "Square-root the image before HOG (skimage's transform_sqrt).")
        boolean transformSqrt;
        @Option(names = "--window", defaultValue = "24", description = "Sliding HOG window size (default ${DEFAULT-VALUE}).")
        int window;
        @Option(names = "--step", defaultValue = "6", description = "Sliding HOG window step (default ${DEFAULT-VALUE}).")
        int step;
        @Option(names = "--box", defaultValue = "1,1,47,47", description = "Landmark face box left,top,right,bottom on the 48x48 face (default ${DEFAULT-VALUE}, the seed's).")
        String box;
        @Option(names = "--pairwise-distances", description = "Append the 2278 distances between all landmark pairs.")
        boolean distances;
        @Option(names = "--landmarks-model", description = "dlib shape_predictor_68_face_landmarks.dat (default " + "/usr/share/dlib/shape_predictor_68_face_landmarks.dat).")
        Path model;
        @Option(names = "--threads", description = "Worker threads (default: all cores).")
        Integer threads;
        @Option(names = "--batch", defaultValue = "128", description = "Faces per work item (default ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--force", description = "Recompute even when the output is up to date.")
        boolean force;

        @Override
        public Integer call() {
            FeatureConfig cfg = config();
            FeatureExtraction.Outcome o = new FeatureExtraction(cfg, model, threads == null ? Runtime.getRuntime().availableProcessors() : threads, batch)
                    .run(data, out, force, "fer features --data " + data + " --kind " + cfg.kind().id() + " --out " + out);
            if (o.upToDate()) System.out.println(out + " is up to date (same source, kind and parameters; use --force to recompute)");
            else {
                System.out.printf(Locale.ROOT, "wrote %s: %s, dimension %d, %s in %.2f s (%.0f faces/s)%n", out, cfg.kind().id(), o.dimension(),
                        o.counts(), o.seconds(), o.faces() / Math.max(1e-9, o.seconds()));
            }
            return 0;
        }

        FeatureConfig config() {
            FeatureKind k = FeatureKind.parse(kind);
            FeatureConfig c = FeatureConfig.seed(k).withBox(Box.parse(box)).withPairwiseDistances(distances).withWindow(window, step);
            if (k == FeatureKind.SLIDING) c = c.withWindowHog(hogParams(c.windowHog()));
            else c = c.withHog(hogParams(c.hog()));
            return c;
        }

        private HogParams hogParams(HogParams d) {
            int[] ppc = pair(pixelsPerCell, d.cellRows(), d.cellCols(), "--pixels-per-cell");
            int[] cpb = pair(cellsPerBlock, d.blockRows(), d.blockCols(), "--cells-per-block");
            return new HogParams(orientations == null ? d.orientations() : orientations, ppc[0], ppc[1], cpb[0], cpb[1],
                    blockNorm == null ? d.blockNorm() : HogParams.BlockNorm.parse(blockNorm), transformSqrt || d.transformSqrt());
        }

        private static int[] pair(String s, int r, int c, String opt) {
            if (s == null) return new int[]{r, c};
            try {
                String[] t = s.split(",");
                if (t.length == 1) return new int[]{Integer.parseInt(t[0].trim()), Integer.parseInt(t[0].trim())};
                if (t.length == 2) return new int[]{Integer.parseInt(t[0].trim()), Integer.parseInt(t[1].trim())};
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw new IllegalArgumentException(opt + " must be N or ROWS,COLS, got '" + s + "'");
        }
    }

    @Command(name = "landmarks", mixinStandardHelpOptions = true,
            description = {"68 dlib facial landmarks of one image (pure Java, same integers as libdlib 19.24).",
                    "Without --box the whole image is the face box (how FER2013 crops are used)."})
    static final class LandmarksCmd implements Callable<Integer> {
        @Option(names = "--image", required = true, description = "PNG, JPEG, BMP or GIF; colour is averaged (R+G+B)/3 as dlib does.")
        Path image;
        @Option(names = "--box", description = "Face box left,top,right,bottom (inclusive pixels; default the whole image).")
        String box;
        @Option(names = "--json", description = "Print JSON: box, points (integers) and points_unrounded.")
        boolean json;
        @Option(names = "--overlay", description = "Also write a PNG with the points drawn on the image.")
        Path overlay;
        @Option(names = "--landmarks-model", description = "dlib shape_predictor_68_face_landmarks.dat (default /usr/share/dlib/...).")
        Path model;

        @Override
        public Integer call() {
            GrayImage img = DlibGray.read(image);
            Box b = box == null ? Box.whole(img.width(), img.height()) : Box.parse(box);
            ShapePredictor sp = model == null ? ShapePredictor.loadDefault() : ShapePredictor.load(model);
            Landmarks lm = sp.predict(img, b);
            if (json) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("image", image.toString());
                m.put("width", img.width());
                m.put("height", img.height());
                m.putAll(lm.toMap());
                System.out.println(Json.toString(m));
            } else {
                System.out.println("# " + image + " " + img.width() + "x" + img.height() + ", box " + b + "; point x y x_unrounded y_unrounded");
                for (int i = 0; i < lm.count(); i++)
                    System.out.printf(Locale.ROOT, "%2d %4d %4d %10.4f %10.4f%n", i, lm.px(i), lm.py(i), lm.x(i), lm.y(i));
            }
            if (overlay != null) writeOverlay(img, b, lm, overlay);
            return 0;
        }

        static void writeOverlay(GrayImage img, Box b, Landmarks lm, Path png) {
            int scale = Math.max(1, 480 / Math.max(img.width(), img.height()));
            BufferedImage out = new BufferedImage(img.width() * scale, img.height() * scale, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(img.toBufferedImage(), 0, 0, out.getWidth(), out.getHeight(), null);
            g.setColor(Color.GREEN);
            g.drawRect(b.left() * scale, b.top() * scale, (b.right() - b.left()) * scale, (b.bottom() - b.top()) * scale);
            g.setColor(Color.RED);
            for (int i = 0; i < lm.count(); i++) {
                int x = (int) Math.round((lm.x(i) + 0.5) * scale), y = (int) Math.round((lm.y(i) + 0.5) * scale);
                g.fillOval(x - 2, y - 2, 5, 5);
            }
            g.dispose();
            AtomicFiles.write(png, o -> ImageIO.write(out, "png", o));
        }
    }
}
