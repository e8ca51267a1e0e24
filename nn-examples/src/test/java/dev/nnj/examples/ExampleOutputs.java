package dev.nnj.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of each guide example (diagnoses, seeds) per test JVM, shared by the tests that read what
 * it printed and what it returned, so that the guide's checks cost no second run.
 */
final class ExampleOutputs {

    /** What an example printed, and what it returned. */
    record Run<T>(String text, List<T> outcomes) {
    }

    private static Run<Diagnoses.Outcome> diagnoses;
    private static Run<Seeds.Outcome> seeds;

    private ExampleOutputs() {
    }

    static synchronized Run<Diagnoses.Outcome> diagnoses() {
        if (diagnoses == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<Diagnoses.Outcome> outcomes = Diagnoses.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            diagnoses = new Run<>(bytes.toString(StandardCharsets.UTF_8), outcomes);
        }
        return diagnoses;
    }

    static synchronized Run<Seeds.Outcome> seeds() {
        if (seeds == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            List<Seeds.Outcome> outcomes = Seeds.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            seeds = new Run<>(bytes.toString(StandardCharsets.UTF_8), outcomes);
        }
        return seeds;
    }

    /**
     * The output under each {@code == NAME: ...} header, by NAME: without the header and the blank
     * lines around it, and without the three spaces every line is indented by (as the guide shows it).
     */
    static Map<String, String> sections(String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "\n== end: ").split("\n")) {
            if (line.startsWith("== ")) {
                if (name != null) {
                    sections.put(name, body.toString().strip());
                }
                name = line.substring(3, line.indexOf(':'));
                body.setLength(0);
            } else {
                body.append(line.startsWith("   ") ? line.substring(3) : line).append('\n');
            }
        }
        return sections;
    }
}
