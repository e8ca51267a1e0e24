package dev.nnj.plot;

import java.awt.Color;

/**
 * The colours every picture uses. The class colours are Okabe and Ito's palette, which stays
 * distinguishable for the common forms of colour blindness; markers differ in shape as well.
 */
final class Palette {

    static final Color[] CLASSES = {
            new Color(0x0072B2), // blue
            new Color(0xD55E00), // vermillion
            new Color(0x009E73), // bluish green
            new Color(0xCC79A7), // reddish purple
            new Color(0xE69F00), // orange
            new Color(0x56B4E9), // sky blue
            new Color(0xF0E442), // yellow
            new Color(0x000000), // black
    };

    static final Color TRAINING = CLASSES[0];
    static final Color VALIDATION = CLASSES[1];
    static final Color LEARNING_RATE = CLASSES[2];
    static final Color INK = new Color(0x222222);
    static final Color GRID = new Color(0xE3E3E3);

    /** How much of a class colour a predicted-class region gets (the rest is white). */
    static final double REGION = 0.30;
    /** How much of a class colour a probability of 0 or 1 gets; 0.5 is white. */
    static final double CERTAIN = 0.50;

    private Palette() {
    }

    static Color classColor(int index) {
        return CLASSES[index % CLASSES.length];
    }

    /** {@code amount} of the colour, the rest white, as 0xRRGGBB. */
    static int tint(Color color, double amount) {
        int r = (int) Math.round(255 + (color.getRed() - 255) * amount);
        int g = (int) Math.round(255 + (color.getGreen() - 255) * amount);
        int b = (int) Math.round(255 + (color.getBlue() - 255) * amount);
        return r << 16 | g << 8 | b;
    }

    /** The region colour of a predicted class, as 0xRRGGBB. */
    static int region(int index) {
        return tint(classColor(index), REGION);
    }

    /**
     * The colour of a predicted probability of class 1: class 0's colour at 0, white at 0.5, class
     * 1's at 1, so the eye finds the boundary where the colour fades out. Outside [0, 1] (a model
     * without a sigmoid) the value is clamped.
     */
    static int probability(double p) {
        double q = Double.isNaN(p) ? 0.5 : Math.max(0, Math.min(1, p));
        return q < 0.5 ? tint(CLASSES[0], CERTAIN * (0.5 - q) * 2) : tint(CLASSES[1], CERTAIN * (q - 0.5) * 2);
    }
}
