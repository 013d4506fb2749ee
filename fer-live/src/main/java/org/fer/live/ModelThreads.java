package org.fer.live;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread count for the ops of one network call. With a one-face batch each layer is tiny, and with
 * {@code OMP_WAIT_POLICY=PASSIVE} (needed on a shared CPU) every parallel region first wakes its sleeping threads;
 * one thread skips that. Process-wide: every DL4J model in the JVM is affected.
 */
final class ModelThreads {
    private ModelThreads() {}

    static void set(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
    }

    static int get() { return Nd4j.getEnvironment().maxThreads(); }
}
