package org.fer.classic;

import org.fer.core.Face48;

import java.util.List;
import java.util.Map;

/** The flat image: 2304 pixels scaled to 0..1 (the same values the processed tensors hold, divided by 255). */
public final class FlatPipeline implements FeaturePipeline {
    public static final String KIND = "flat";

    @Override public String kind() { return KIND; }

    @Override public Map<String, Object> parameters() { return Map.of("scale", "1/255"); }

    @Override public int dimension() { return Face48.PIXELS; }

    @Override
    public float[] extract(List<Face48> faces) {
        float[] out = new float[faces.size() * Face48.PIXELS];
        for (int i = 0; i < faces.size(); i++) {
            byte[] b = faces.get(i).bytes();
            for (int p = 0; p < b.length; p++) out[i * Face48.PIXELS + p] = (b[p] & 0xFF) / 255f;
        }
        return out;
    }

    public static float[] fromBytes(byte[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (x[i] & 0xFF) / 255f;
        return out;
    }
}
