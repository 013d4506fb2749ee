package org.fer.live;

import org.fer.core.Emotion;
import org.fer.synth.SyntheticFaces;

import java.util.ArrayList;
import java.util.List;

/** Synthetic test scenes (no real faces in the tests). */
final class Scenes {
    private Scenes() {}

    static SceneVideo synthetic(int w, int h, int nFaces, long seed) {
        SyntheticFaces gen = new SyntheticFaces(seed);
        List<byte[]> faces = new ArrayList<>();
        List<Emotion> labels = new ArrayList<>();
        for (int i = 0; i < nFaces; i++) {
            Emotion e = Emotion.of(i % Emotion.COUNT);
            faces.add(gen.face(i, e));
            labels.add(e);
        }
        return new SceneVideo(w, h, seed, faces, labels);
    }

    /** Detections matched to truth by IoU >= 0.3: {found, truth, false alarms}. */
    static int[] score(List<SceneVideo.Placement> truth, List<FaceResult> found) {
        int hit = 0;
        boolean[] used = new boolean[found.size()];
        for (SceneVideo.Placement p : truth) {
            for (int i = 0; i < found.size(); i++) {
                if (!used[i] && found.get(i).box().iou(p.box()) >= 0.3) {
                    used[i] = true;
                    hit++;
                    break;
                }
            }
        }
        return new int[]{hit, truth.size(), found.size() - hit};
    }
}
