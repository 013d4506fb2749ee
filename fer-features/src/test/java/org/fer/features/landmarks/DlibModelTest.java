package org.fer.features.landmarks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real 68-point model (Debian libdlib-data): parser checksums and libdlib 19.24's golden predictions
 * from ../shared/docs/dlib-shape-predictor.md section 8. Skipped when the model file is absent
 * (CI installs libdlib-data, so they run there).
 */
class DlibModelTest {
    static ShapePredictor sp;

    @BeforeAll
    static void load() {
        assumeTrue(ShapePredictor.defaultAvailable(), "no landmark model at " + ShapePredictor.defaultPath() + " (apt-get install libdlib-data)");
        if (sp == null) sp = ShapePredictor.loadDefault();
    }

    @Test
    void parserChecksums() {
        assertEquals(68, sp.landmarkCount());
        assertEquals(15, sp.cascadeDepth());
        float[] init = sp.meanShape();
        double sx = 0, sy = 0;
        for (int i = 0; i < init.length; i += 2) { sx += init[i]; sy += init[i + 1]; }
        assertEquals(34.001027590, sx, 1e-8);
        assertEquals(38.487375230, sy, 1e-8);
        assertEquals(0.0294458, init[0], 1e-7);

        long leafCount = 0, thrCount = 0, idxSum = 0, anchorSum = 0;
        double leafSum = 0, leafAbs = 0, thrSum = 0, dxSum = 0, dySum = 0;
        for (int c = 0; c < sp.cascadeDepth(); c++) {
            ShapePredictor.Level lv = sp.level(c);
            assertEquals(500, lv.trees());
            assertEquals(15, lv.splits());
            assertEquals(500, lv.anchor().length);
            assertEquals(500 * 16, lv.leaves().length);
            for (float[] leaf : lv.leaves()) for (float v : leaf) { leafSum += v; leafAbs += Math.abs(v); leafCount++; }
            for (float v : lv.thresh()) { thrSum += v; thrCount++; }
            for (int i = 0; i < lv.idx1().length; i++) idxSum += lv.idx1()[i] + lv.idx2()[i];
            for (int a : lv.anchor()) anchorSum += a;
            for (int k = 0; k < lv.dx().length; k++) { dxSum += lv.dx()[k]; dySum += lv.dy()[k]; }
        }
        assertEquals(16_320_000, leafCount);
        assertEquals(63.9932428, leafSum, 1e-6);
        assertEquals(5284.49781, leafAbs, 1e-4);
        assertEquals(112_500, thrCount);
        assertEquals(-10457.7741, thrSum, 1e-3);
        assertEquals(56_203_812L, idxSum);
        assertEquals(196_874L, anchorSum);
        assertEquals(1.73911799, dxSum, 1e-7);
        assertEquals(54.8175424, dySum, 1e-6);

        ShapePredictor.Level l0 = sp.level(0);
        assertArrayEquals(new int[]{39, 499, 21}, new int[]{l0.idx1()[0], l0.idx1()[1], l0.idx1()[2]});
        assertArrayEquals(new int[]{132, 153, 175}, new int[]{l0.idx2()[0], l0.idx2()[1], l0.idx2()[2]});
        assertEquals(34.5436554, l0.thresh()[0], 1e-6);
        assertEquals(-49.3554840, l0.thresh()[1], 1e-6);
        assertEquals(-14.8877029, l0.thresh()[2], 1e-6);
        assertArrayEquals(new int[]{41, 42, 36, 54, 31}, java.util.Arrays.copyOf(l0.anchor(), 5));
        assertEquals(-0.04936977, l0.dx()[0], 1e-8);
        assertEquals(0.07312441, l0.dy()[0], 1e-8);
        ShapePredictor.Level last = sp.level(14);
        assertEquals(23, last.anchor()[499]);
        assertEquals(0.03075695, last.dx()[499], 1e-8);
        assertEquals(0.00758977, last.dy()[499], 1e-8);
        float[] lastLeaf = last.leaves()[last.leaves().length - 1];
        assertEquals(-0.00027231177, lastLeaf[lastLeaf.length - 1], 1e-11);
    }

    static byte[] image(String kind) {
        byte[] px = new byte[640 * 480];
        for (int y = 0; y < 480; y++)
            for (int x = 0; x < 640; x++)
                px[y * 640 + x] = (byte) switch (kind) {
                    case "CONST128" -> 128;
                    case "GRADIENT" -> (7 * x + 13 * y) % 256;
                    case "CHECKER" -> ((x / 8 + y / 8) % 2) * 255;
                    default -> throw new IllegalArgumentException(kind);
                };
        return px;
    }

    // name, image, box, then the 68 points from libdlib 19.24 (the doc's section 8.2)
    static final String[] GOLDEN = {
            "CONST128 CONST128 200 150 359 309 212 207 212 226 214 244 219 262 226 280 237 296 249 309 264 319 281 321 298 318 313 308 325 294 336 278 343 260 346 242 347 223 347 205 226 189 235 183 247 182 259 184 269 189 286 189 296 183 308 181 319 182 329 187 278 200 278 213 278 225 278 238 264 246 271 249 279 251 286 249 293 246 238 202 245 197 253 197 261 202 253 204 245 204 295 201 303 196 311 197 319 201 311 203 303 203 251 273 261 268 272 266 279 267 286 265 297 267 308 272 299 282 288 287 280 288 272 287 261 282 256 273 272 271 279 272 286 271 303 272 287 277 279 278 272 277",
            "GRADIENT GRADIENT 200 150 359 309 209 236 210 253 214 272 220 286 229 302 245 313 263 320 284 323 304 321 320 313 332 301 341 290 348 276 350 260 348 244 347 228 345 213 218 201 228 191 241 186 255 187 269 191 295 186 302 180 311 177 321 175 331 178 286 199 288 208 290 216 293 225 275 237 283 239 292 241 300 236 308 233 236 214 243 207 253 206 263 211 253 213 244 214 302 206 310 199 319 198 327 203 321 205 312 207 252 265 266 257 281 253 291 254 299 251 315 254 325 261 316 279 302 287 293 288 282 288 266 282 257 267 282 260 292 260 301 259 321 262 300 276 291 278 281 278",
            "GRADIENT_OUTSIDE GRADIENT -50 -40 149 159 -5 66 -5 85 -2 109 3 127 11 148 24 165 36 179 51 188 70 190 93 183 117 176 135 161 150 141 161 116 165 91 163 61 161 34 -5 31 -1 18 9 7 21 1 32 3 55 0 67 -13 86 -15 103 -11 119 0 46 27 46 35 46 41 47 47 31 70 42 72 54 73 66 69 76 66 4 47 11 39 20 36 34 39 23 44 14 46 72 29 80 21 90 19 104 23 93 26 83 28 20 118 30 98 44 88 55 88 67 85 88 90 107 104 92 132 74 148 60 151 48 153 32 141 25 117 46 99 56 97 68 96 101 106 70 136 57 139 46 140",
            "CHECKER_NONSQUARE CHECKER 100 100 399 299 134 172 136 195 140 218 145 241 155 263 171 285 195 303 226 314 261 317 296 312 319 299 334 280 344 261 353 242 357 223 363 203 366 181 155 141 171 135 190 135 211 136 226 146 263 146 281 142 301 142 318 144 334 152 244 162 244 177 244 192 244 207 217 214 229 218 244 222 259 219 272 215 174 160 188 155 202 156 217 162 201 162 188 162 273 166 287 162 302 162 317 169 302 170 287 168 196 248 213 241 233 237 249 240 265 237 286 240 306 251 288 264 266 270 249 271 233 270 214 263 205 249 233 247 249 248 265 247 299 251 265 259 249 260 234 258",
    };

    @Test
    void reproducesLibdlibGoldenPredictions() {
        for (String line : GOLDEN) {
            String[] t = line.split(" ");
            byte[] px = image(t[1]);
            Box box = new Box(Integer.parseInt(t[2]), Integer.parseInt(t[3]), Integer.parseInt(t[4]), Integer.parseInt(t[5]));
            Landmarks lm = sp.predict(px, 0, 640, 480, box);
            assertEquals(136, t.length - 6);
            int[] got = lm.rounded();
            for (int i = 0; i < 136; i++)
                assertEquals(Integer.parseInt(t[6 + i]), got[i], t[0] + ": " + (i % 2 == 0 ? "x" : "y") + " of point " + i / 2
                        + " (unrounded " + (i % 2 == 0 ? lm.x(i / 2) : lm.y(i / 2)) + ")");
            // unrounded coordinates round to the integer ones
            for (int i = 0; i < 68; i++) {
                assertTrue(Math.abs(lm.x(i) - lm.px(i)) <= 0.5 && Math.abs(lm.y(i) - lm.py(i)) <= 0.5);
            }
        }
    }

    @Test
    void predictsInPlaceInsideALargerBuffer() {
        byte[] img = image("GRADIENT");
        byte[] shifted = new byte[img.length + 100];
        System.arraycopy(img, 0, shifted, 100, img.length);
        Box box = new Box(200, 150, 359, 309);
        assertArrayEquals(sp.predict(img, 0, 640, 480, box).rounded(), sp.predict(shifted, 100, 640, 480, box).rounded());
    }

    @Test
    void concurrentPredictionsEqualSerialOnes() throws Exception {
        byte[] img = image("GRADIENT");
        Box[] boxes = new Box[24];
        int[][] serial = new int[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = new Box(150 + 7 * i, 100 + 3 * i, 330 + 7 * i, 280 + 3 * i);
            serial[i] = sp.predict(img, 0, 640, 480, boxes[i]).rounded();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<int[]>> fs = new java.util.ArrayList<>();
            for (int rep = 0; rep < 3; rep++)
                for (Box b : boxes) fs.add(pool.submit(() -> sp.predict(img, 0, 640, 480, b).rounded()));
            for (int k = 0; k < fs.size(); k++) assertArrayEquals(serial[k % boxes.length], fs.get(k).get());
        } finally {
            pool.shutdownNow();
        }
        // the batched path gives the same points
        Landmarks[] batch = sp.predictAll(img, new int[boxes.length], 640, 480, boxes);
        for (int i = 0; i < boxes.length; i++) assertArrayEquals(serial[i], batch[i].rounded());
    }
}
