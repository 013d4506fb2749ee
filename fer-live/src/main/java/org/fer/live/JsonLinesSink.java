package org.fer.live;

import org.fer.io.Json;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per processed frame, then one {@code {"summary": {...}}} line. */
public final class JsonLinesSink extends TextFileSink {
    public JsonLinesSink(Path file) { super(file); }

    @Override
    public void frame(FrameResult result) { line(Json.toLine(result.toJson())); }

    @Override
    public void summary(Map<String, Object> summary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", summary);
        line(Json.toLine(m));
    }
}
