package dev.nnj.plot;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What the tests share: the XOR network of nn-examples, trained once, and readers for the files written. */
final class Fixtures {

    static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR_Y = {{0}, {1}, {1}, {0}};

    /** 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), 10,000 full-batch epochs, seed 1 (LogicNetworks.xor). */
    static final Sequential XOR = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
    static final History XOR_HISTORY = XOR.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
            .epochs(10_000).batchSize(4).seed(1).run();

    private Fixtures() {
    }

    static BufferedImage png(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO cannot read " + file + " as an image");
        return image;
    }

    /** Parses an SVG file without fetching its DTD from the network. */
    static Document svg(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The elements named {@code tag} whose style strokes (or fills) with {@code color}. */
    static List<Element> styled(Document svg, String tag, String property, Color color) {
        String wanted = property + ":rgb(" + color.getRed() + "," + color.getGreen() + "," + color.getBlue() + ")";
        NodeList nodes = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("style").contains(wanted)) {
                found.add(e);
            }
        }
        return found;
    }

    /** Pixels whose colour is within {@code tolerance} of {@code color} in every channel. */
    static int pixels(BufferedImage image, Color color, int tolerance) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (distance(image.getRGB(x, y), color.getRGB()) <= tolerance) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The largest difference of two colours in any channel. */
    static int distance(int rgb1, int rgb2) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs((rgb1 >> shift & 0xFF) - (rgb2 >> shift & 0xFF)));
        }
        return d;
    }
}
