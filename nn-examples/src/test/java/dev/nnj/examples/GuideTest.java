package dev.nnj.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every output shown in docs/guide is what the examples print: each {@code <!-- output: NAME -->}
 * block of pages 01 to 25 is compared with the section NAME of the diagnoses or seeds example, with
 * every number masked (so another CPU's last bits do not matter) and runs of spaces made one. A
 * changed word, finding, mistake, line or order fails it, and so does a page that names no output.
 */
class GuideTest {

    static final Path GUIDE = Path.of("..", "docs", "guide");
    static final Pattern PAGE = Pattern.compile("(\\d\\d)-.*\\.md");
    static final Pattern BLOCK = Pattern.compile("<!-- output: ([\\w-]+) -->\\R```\\R(.*?)\\R```", Pattern.DOTALL);
    static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(\\.\\d+)?([eE][-+]?\\d+)?");

    @Test
    void everyOutputOnEveryPageIsWhatTheExamplePrints() throws IOException {
        Map<String, String> printed = new LinkedHashMap<>(ExampleOutputs.sections(ExampleOutputs.diagnoses().text()));
        Map<String, String> seeds = ExampleOutputs.sections(ExampleOutputs.seeds().text());
        seeds.keySet().forEach(name -> assertTrue(!printed.containsKey(name), "diagnoses and seeds both print '" + name + "'"));
        printed.putAll(seeds);

        List<Path> pages = pages();
        List<Integer> numbers = new ArrayList<>();
        Set<String> shown = new LinkedHashSet<>();
        for (Path page : pages) {
            Matcher number = PAGE.matcher(page.getFileName().toString());
            assertTrue(number.matches());
            numbers.add(Integer.parseInt(number.group(1)));
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                String name = block.group(1);
                if (!printed.containsKey(name)) {
                    fail(page.getFileName() + " shows the output of '" + name + "', which neither the diagnoses nor the seeds example"
                            + " prints; they print " + printed.keySet());
                }
                assertEquals(mask(printed.get(name)), mask(block.group(2)), page.getFileName() + ", output '" + name
                        + "', numbers masked: paste the example's output again (mvn -q -DskipTests package exec:exec -Dexample=\""
                        + (seeds.containsKey(name) ? "seeds " : "diagnoses ") + name + "\")");
                shown.add(name);
            }
        }
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 25).boxed().toList(), numbers, "pages 01 to 25, one a number");
        assertEquals(printed.keySet(), shown, "every output the examples print is shown on a page");
        for (Seeds.Seed seed : Seeds.SEEDS) {
            String page = Files.readString(GUIDE.resolve(seed.page()), StandardCharsets.UTF_8);
            assertTrue(page.contains("<!-- output: " + seed.name() + " -->"), seed.page() + " shows " + seed.name());
        }
    }

    @Test
    void maskingHidesNumbersAndSpacingButNotWords() {
        assertEquals(mask("loss 0.6931 after 1,000, 1.2e-05 at  -0.5"), mask("loss 0.6930 after 999, 3.4e-7 at 0.49"));
        assertEquals("dense(# -> #) δ#", mask("dense(2 -> 3) δ2"));
        assertNotEquals(mask("nnj diagnosis: SATURATED (layer 1)"), mask("nnj diagnosis: DEAD_RELU (layer 1)"));
        assertNotEquals(mask("4 of 4 rows right"), mask("4 of 4 rows right\n(no finding)"));
    }

    static String mask(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.strip().split("\\R")) {
            lines.add(NUMBER.matcher(line).replaceAll("#").replaceAll("\\s+", " ").strip());
        }
        return String.join("\n", lines);
    }

    private static List<Path> pages() throws IOException {
        if (!Files.isDirectory(GUIDE)) {
            fail("docs/guide is not at " + GUIDE.toAbsolutePath().normalize() + ": this test reads the guide's pages from the"
                    + " repository, from nn-examples (Maven runs it there)");
        }
        try (Stream<Path> files = Files.list(GUIDE)) {
            return files.filter(p -> PAGE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }
}
