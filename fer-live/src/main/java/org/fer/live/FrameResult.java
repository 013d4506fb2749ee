package org.fer.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the pipeline found in one processed frame. */
public record FrameResult(long frame, double timeMs, List<FaceResult> faces) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", frame);
        m.put("time_ms", Math.round(timeMs * 10) / 10.0);
        List<Object> fs = new ArrayList<>(faces.size());
        for (FaceResult f : faces) fs.add(f.toJson());
        m.put("faces", fs);
        return m;
    }
}
