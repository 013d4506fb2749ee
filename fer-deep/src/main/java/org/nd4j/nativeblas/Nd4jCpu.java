package org.nd4j.nativeblas;

/**
 * Bridge for a DL4J 1.0.0-M2.1 lookup that points at a class that moved.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} reflects on
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}; in M2.1 that class lives at
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} and the flag is {@code isUseONEDNN()}. Without
 * this class the lookup fails and DL4J silently drops its oneDNN conv / pooling / batch-norm helpers
 * (~10x slower training). Only the two reflected members exist here; they forward to the real environment.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() { return INSTANCE; }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
