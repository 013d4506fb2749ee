package org.fer.live;

import org.fer.core.Emotion;

import java.nio.file.Path;
import java.util.Locale;

/** One row per face per processed frame: where, which track, the smoothed label and probabilities, EAR and blinks. */
public final class CsvSink extends TextFileSink {
    public CsvSink(Path file) {
        super(file);
        StringBuilder h = new StringBuilder("frame,time_ms,track_id,left,top,right,bottom,emotion");
        for (Emotion e : Emotion.values()) h.append(",p_").append(e.label().toLowerCase(Locale.ROOT));
        h.append(",ear,blinks");
        line(h.toString());
    }

    @Override
    public void frame(FrameResult r) {
        for (FaceResult f : r.faces()) {
            StringBuilder s = new StringBuilder();
            s.append(r.frame()).append(',').append(String.format(Locale.ROOT, "%.1f", r.timeMs())).append(',').append(f.trackId());
            Box b = f.box();
            s.append(',').append(b.left()).append(',').append(b.top()).append(',').append(b.right()).append(',').append(b.bottom());
            s.append(',').append(f.emotion().label());
            for (float p : f.smoothed()) s.append(',').append(String.format(Locale.ROOT, "%.4f", p));
            s.append(',').append(Double.isNaN(f.ear()) ? "" : String.format(Locale.ROOT, "%.4f", f.ear()));
            s.append(',').append(f.landmarks() == null ? "" : Integer.toString(f.blinks()));
            line(s.toString());
        }
    }
}
