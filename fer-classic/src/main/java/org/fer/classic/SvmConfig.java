package org.fer.classic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One SVM configuration. kernel "linear" or "rbf"; solver for rbf: "rff" (random Fourier features + linear SVM,
 * linear cost) or "exact" (Smile LASVM one-vs-one, quadratic cost). gamma is absolute, on standardised features.
 */
public record SvmConfig(String kernel, String solver, double c, double gamma, int rffDim, int maxPasses, double eps, long seed) {
    public SvmConfig withCGamma(double nc, double ng) {
        return new SvmConfig(kernel, solver, nc, ng, rffDim, maxPasses, eps, seed);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", kernel);
        m.put("solver", kernel.equals("linear") ? "dual-cd" : solver);
        m.put("C", c);
        if (kernel.equals("rbf")) m.put("gamma", gamma);
        if (kernel.equals("rbf") && solver.equals("rff")) m.put("rff_dim", rffDim);
        if (!(kernel.equals("rbf") && solver.equals("exact"))) {
            m.put("max_passes", maxPasses);
            m.put("tolerance", eps);
        }
        m.put("seed", seed);
        return m;
    }
}
