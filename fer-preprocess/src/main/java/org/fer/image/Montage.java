package org.fer.image;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.data.Split;
import org.fer.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** A grid of sample faces, one row per class, upscaled 2x, for people who would rather look. */
public final class Montage {
    private Montage() {}

    public static void write(Split split, int perClass, Path png) {
        int scale = 2, cell = Face48.SIDE * scale + 4, left = 90;
        BufferedImage img = new BufferedImage(left + perClass * cell, Emotion.COUNT * cell + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("split '" + split.name() + "': first " + perClass + " faces per class", 6, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (Emotion e : Emotion.values()) {
            int y0 = 30 + e.id() * cell;
            g.setColor(e.color().darker());
            g.drawString(e.label(), 6, y0 + cell / 2 + 4);
            int shown = 0;
            for (int i = 0; i < split.size() && shown < perClass; i++) {
                if (split.y()[i] != e.id()) continue;
                BufferedImage face = GrayImage.of(split.face(i)).toBufferedImage();
                g.drawImage(face, left + shown * cell, y0, Face48.SIDE * scale, Face48.SIDE * scale, null);
                shown++;
            }
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }
}
