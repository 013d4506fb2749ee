package org.fer.metrics;

import org.fer.core.Emotion;
import org.fer.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Row-normalised confusion matrix as a PNG (counts and row percentages in each cell). */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {}

    public static void write(ClassificationMetrics m, String title, Path png) {
        BufferedImage img = render(m, title);
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }

    public static BufferedImage render(ClassificationMetrics m, String title) {
        int cell = 64, left = 110, top = 70, n = Emotion.COUNT;
        int w = left + n * cell + 30, h = top + n * cell + 90;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("accuracy %.1f %%  macro-F1 %.3f  n=%d", 100 * m.accuracy(), m.macroF1(), m.total()), 10, 42);
        int[][] cm = m.confusion();
        for (int r = 0; r < n; r++) {
            int support = Math.max(1, m.support(r));
            for (int c = 0; c < n; c++) {
                double frac = cm[r][c] / (double) support;
                int shade = (int) Math.round(255 * (1 - frac));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(frac > 0.5 ? Color.WHITE : Color.BLACK);
                String pct = String.format("%.0f%%", 100 * frac);
                String cnt = Integer.toString(cm[r][c]);
                g.drawString(pct, left + c * cell + (cell - g.getFontMetrics().stringWidth(pct)) / 2, top + r * cell + cell / 2 - 2);
                g.drawString(cnt, left + c * cell + (cell - g.getFontMetrics().stringWidth(cnt)) / 2, top + r * cell + cell / 2 + 14);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, n * cell, n * cell);
        g.setColor(Color.BLACK);
        for (Emotion e : Emotion.values()) {
            String s = e.label();
            g.drawString(s, left - 8 - g.getFontMetrics().stringWidth(s), top + e.id() * cell + cell / 2 + 5);
            Graphics2D gr = (Graphics2D) g.create();
            gr.translate(left + e.id() * cell + cell / 2 + 5, top + n * cell + 8);
            gr.rotate(Math.PI / 4);
            gr.drawString(s, 0, 0);
            gr.dispose();
        }
        g.drawString("true \u2193  predicted \u2192", 10, top - 8);
        g.dispose();
        return img;
    }
}
