package org.fer.deep;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns on DL4J's oneDNN layer helpers. Call {@link #init()} before the first ND4J/DL4J class is touched
 * (every entry point of this module does). In 1.0.0-M2.1 the helpers are off unless the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false}; the bridging class
 * {@link org.nd4j.nativeblas.Nd4jCpu} makes the helpers' availability check succeed. A user may still force
 * them off with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true}.
 */
public final class DeepRuntime {
    public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    private static final Logger LOG = LoggerFactory.getLogger(DeepRuntime.class);
    private static volatile boolean done;

    private DeepRuntime() {}

    public static synchronized void init() {
        if (done) return;
        if (System.getProperty(HELPERS_PROPERTY) == null) System.setProperty(HELPERS_PROPERTY, "false");
        Nd4j.getEnvironment().allowHelpers(!Boolean.parseBoolean(System.getProperty(HELPERS_PROPERTY)));
        done = true;
        if (System.getenv("OMP_WAIT_POLICY") == null)
            LOG.info("tip: export OMP_WAIT_POLICY=PASSIVE before starting: on a shared or busy CPU, OpenMP's default busy-waiting makes training up to 10x slower");
        LOG.debug("ND4J backend ready: {}", info());
    }

    /** What the report should say about the numeric backend. */
    public static Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend")));
        m.put("helpers_allowed", Nd4j.getEnvironment().helpersAllowed());
        boolean onednn = false;
        try {
            onednn = org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled();
        } catch (RuntimeException | LinkageError e) {
            // CUDA backend or a different ND4J build: no oneDNN
        }
        m.put("onednn", onednn);
        m.put("threads", Nd4j.getEnvironment().maxMasterThreads());
        return m;
    }
}
