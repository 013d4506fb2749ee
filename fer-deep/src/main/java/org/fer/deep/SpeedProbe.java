package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Throughput probe: {@code SpeedProbe <net> <batch> <batches>} prints train and inference img/s on random data. */
public final class SpeedProbe {
    public static void main(String[] args) {
        DeepRuntime.init();
        String net = args.length > 0 ? args[0] : "xception";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.println("runtime " + DeepRuntime.info());
        ComputationGraph g = Networks.build(net, 1, 1e-3, 1e-4, null);
        System.out.println(net + " params " + g.numParams());
        Random r = new Random(1);
        byte[] px = new byte[batch * 2304];
        r.nextBytes(px);
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) idx[i] = i;
        INDArray x = FaceTensorContract.toInput(px, idx);
        INDArray y = Nd4j.zeros(batch, 7);
        for (int i = 0; i < batch; i++) y.putScalar(i, r.nextInt(7), 1);
        for (int i = 0; i < 3; i++) g.fit(new INDArray[]{x}, new INDArray[]{y});
        long t0 = System.nanoTime();
        if (args.length > 3 && args[3].equals("phases")) {
            for (int k = 0; k < 4; k++) {
                long a = System.nanoTime();
                for (int i = 0; i < 4; i++) g.fit(new INDArray[]{x}, new INDArray[]{y});
                long b2 = System.nanoTime();
                g.outputSingle(k % 2 == 0, x);
                long c = System.nanoTime();
                System.out.printf("round %d: 4 fits %.0f ms, one output(train=%s) %.0f ms%n", k, (b2 - a) / 1e6, k % 2 == 0, (c - b2) / 1e6);
            }
            return;
        }
        boolean alt = args.length > 3 && args[3].equals("alt");
        for (int i = 0; i < n; i++) {
            if (alt && i % 4 == 0) g.outputSingle(false, x);
            g.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("train %s batch %d: %.1f img/s%n", net, batch, n * batch / s);
        for (int i = 0; i < 3; i++) g.output(false, x);
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) g.output(false, x);
        s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("infer %s batch %d: %.1f img/s%n", net, batch, n * batch / s);
    }
}
