package dev.nnj.examples;

import dev.nnj.data.IdxData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {

    @Test
    void learnsFromASampleOfTheTrainingImages() {
        assumeTrue(IdxData.fashionMnistPresent(IdxData.DEBIAN_FASHION_MNIST),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): skipped");
        // 6 000 of the 60 000 training images for 3 epochs keeps the test to seconds; tested on all 10 000.
        double accuracy = FashionMnist.run(IdxData.DEBIAN_FASHION_MNIST, 6_000, 3, 42,
                new PrintStream(PrintStream.nullOutputStream()));
        assertTrue(accuracy >= 0.78, "test accuracy " + accuracy);
    }

    @Test
    void saysWhichPackageToInstallWhenTheFilesAreMissing(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.run(empty, 100, 1, 1, new PrintStream(PrintStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());

        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            FashionMnist.main(new String[] {empty.toString()});
        } finally {
            System.setErr(err);
        }
        String said = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"),
                said);
    }
}
