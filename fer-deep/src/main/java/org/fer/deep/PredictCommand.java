package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.image.GrayImage;
import org.fer.model.DefaultModel;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fer predict}: the 7 class probabilities of one face image (any size; resized to 48x48 gray). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prints the 7 emotion probabilities of a face image (PNG/JPG, any size, cropped to the face) with any saved model.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model file (default: the shipped model named in results/default-model.txt).")
    Path model;
    @Option(names = "--image", required = true, description = "Face image (PNG, JPG, BMP, GIF).")
    Path image;
    @Option(names = "--tta", description = "Test-time augmentation: none, flip (mean over the face and its mirror image) flip-shift (those two also shifted 2 px four ways: 10 views) or flip-affine (those ten, and the face and its mirror rotated +-8 degrees and scaled by 1.08 and 0.92: 18 views). "
            + "Default: what results/default-model.txt records for the shipped model, none for a --model file.")
    String tta;

    @Override
    public Integer call() {
        DeepRuntime.init();
        Path file = model != null ? model : DefaultModel.resolve();
        Face48 face = FaceTensorContract.face(GrayImage.read(image));
        try (EmotionClassifier clf = org.fer.model.TestTimeAugmented.apply(ModelLoader.loadAny(file), DefaultModel.tta(tta, model))) {
            float[] p = clf.predictProba(List.of(face))[0];
            int best = ClassActivationMap.argmax(p);
            for (Emotion e : Emotion.values())
                System.out.printf(Locale.ROOT, "%-9s %.4f%s%n", e.label(), p[e.ordinal()], e.ordinal() == best ? "  <-" : "");
        }
        return 0;
    }
}
