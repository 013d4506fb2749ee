package org.fer.live;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accumulated wall time per pipeline stage; means in milliseconds per processed frame. Thread-safe (two pipeline stages add to it). */
public final class StageTimes {
    private final Map<String, long[]> stages = new LinkedHashMap<>(); // name -> {total ns, count}

    public synchronized void add(String stage, long nanos) {
        long[] s = stages.computeIfAbsent(stage, k -> new long[2]);
        s[0] += nanos;
        s[1]++;
    }

    public synchronized double meanMs(String stage) {
        long[] s = stages.get(stage);
        return s == null || s[1] == 0 ? 0 : s[0] / 1e6 / s[1];
    }

    public synchronized long count(String stage) {
        long[] s = stages.get(stage);
        return s == null ? 0 : s[1];
    }

    /** {stage: mean ms} in first-seen order, rounded to microseconds. */
    public synchronized Map<String, Object> meansMs() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : stages.entrySet()) m.put(e.getKey(), Math.round(meanMs(e.getKey()) * 1000) / 1000.0);
        return m;
    }
}
