package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.image.GrayImage;
import org.fer.model.DefaultModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code fer cam}: class activation map of one face, or a grid of maps per class from a processed split. */
@Command(name = "cam", mixinStandardHelpOptions = true,
        description = "Class activation map (heat map of the pixels driving the prediction) of a face image, "
                + "or with --data a grid: per class the most confident correctly classified faces of a split.")
public final class CamCommand implements Callable<Integer> {
    @Option(names = "--model", description = "fer-deep model zip (default: the shipped model).")
    Path model;
    @Option(names = "--image", description = "Face image (any size).")
    Path image;
    @Option(names = "--data", description = "Processed dataset directory: draw a per-class grid instead of one image.")
    Path data;
    @Option(names = "--split", defaultValue = "val", description = "Split for --data (default ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--per-class", defaultValue = "4", description = "Faces per class in the grid (default ${DEFAULT-VALUE}; with --mean: at most this many faces per class, 0 = all).")
    int perClass;
    @Option(names = "--mean", description = "With --data: one map per class, the mean CAM over the correctly classified faces of the split, "
            + "drawn without any face pixels (safe to publish for a dataset whose images may not be shared).")
    boolean mean;
    @Option(names = "--class", description = "Explain this class (Angry..Neutral) instead of the predicted one.")
    Emotion cls;
    @Option(names = "--method", defaultValue = "auto", description = "auto | cam | occlusion (default ${DEFAULT-VALUE}: cam when the net has a CAM layer).")
    String method;
    @Option(names = "--out", required = true, description = "Output PNG.")
    Path out;

    @Override
    public Integer call() {
        DeepRuntime.init();
        if ((image == null) == (data == null)) throw new FerException("give exactly one of --image or --data");
        Path file = model != null ? model : DefaultModel.resolve();
        if (file.getFileName().toString().endsWith(org.fer.model.EnsembleFile.SUFFIX)) {
            // an ensemble has no single map: show its first network member's (members are listed in candidate order)
            Path ens = file;
            file = org.fer.model.EnsembleFile.read(ens).stream().map(org.fer.model.EnsembleFile.Member::model).filter(ModelFile::isModelFile)
                    .findFirst().orElseThrow(() -> new FerException(ens + ": no member is a fer-deep model zip, so there is no map to draw"));
            System.out.println("cam: " + ens + " is an ensemble; drawing the maps of its member " + file);
        }
        if (!ModelFile.isModelFile(file)) throw new FerException(file + ": cam needs a fer-deep model zip (made by fer train)");
        try (DeepModel m = DeepModel.load(file)) {
            BufferedImage img;
            if (image != null) {
                Face48 face = FaceTensorContract.face(GrayImage.read(image));
                img = ClassActivationMap.render(face, ClassActivationMap.compute(m, face, cls == null ? -1 : cls.ordinal(), method), 4);
            } else {
                Split s = ProcessedDataset.open(data).split(split);
                float[][] p = m.predictTensor(s.x(), s.size());
                List<BufferedImage> tiles = new ArrayList<>();
                if (mean) {
                    for (Emotion e : Emotion.values()) {
                        int c = e.ordinal();
                        int[] pick = IntStream.range(0, s.size()).filter(i -> s.y()[i] == c && ClassActivationMap.argmax(p[i]) == c)
                                .limit(perClass > 0 ? perClass : Long.MAX_VALUE).toArray();
                        float[] sum = new float[Face48.PIXELS];
                        for (int i : pick) {
                            float[] map = ClassActivationMap.compute(m, s.face(i), c, method).map();
                            for (int k = 0; k < sum.length; k++) sum[k] += map[k];
                        }
                        tiles.add(ClassActivationMap.renderMap(ClassActivationMap.normalise(sum),
                                String.format(java.util.Locale.ROOT, "%s (n=%d)", e.label(), pick.length), 3));
                    }
                    ClassActivationMap.writePng(ClassActivationMap.grid(tiles, Emotion.COUNT), out);
                    System.out.println("wrote " + out);
                    return 0;
                }
                for (Emotion e : Emotion.values()) {
                    int c = e.ordinal();
                    int[] pick = IntStream.range(0, s.size()).filter(i -> s.y()[i] == c && ClassActivationMap.argmax(p[i]) == c)
                            .boxed().sorted(Comparator.comparingDouble(i -> -p[i][c])).limit(perClass).mapToInt(Integer::intValue).toArray();
                    for (int i : pick) tiles.add(ClassActivationMap.render(s.face(i), ClassActivationMap.compute(m, s.face(i), c, method), 2));
                }
                img = ClassActivationMap.grid(tiles, perClass);
            }
            ClassActivationMap.writePng(img, out);
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
