package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnosis benchmark: each fault of {@link BrokenSetups} is trained over many seeds and must
 * be named by the right kind of finding (the first one a run reports), and each healthy
 * configuration must report nothing on every run that meets its bar. Thresholds were tuned on the
 * development seeds; the bars are asserted on the held-out seeds, which tuning never looked at.
 * A fault that did not stop a run from meeting its bar ("ineffective") is not counted either way.
 * The table is written to target/diagnosis-benchmark.md (and shown in docs/guide/README.md).
 */
class DiagnosisBenchmarkTest {

    /** Seeds the thresholds were tuned on. */
    static final long[] DEVELOPMENT = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    /** Seeds held back: the reported rates. */
    static final long[] HELD_OUT = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

    /** Right kind / effective runs, per setup and seed set. */
    record Tally(int right, int effective, int ineffective, String wrong) {
        float rate() {
            return effective == 0 ? Float.NaN : (float) right / effective;
        }
    }

    static Tally tally(BrokenSetups.Broken setup, long[] seeds) {
        int right = 0;
        int effective = 0;
        int ineffective = 0;
        StringBuilder wrong = new StringBuilder();
        for (long seed : seeds) {
            BrokenSetups.Outcome o = setup.run().apply(seed);
            if (o.solved()) {
                ineffective++;
                continue;
            }
            effective++;
            Finding.Kind got = o.findings().isEmpty() ? null : o.findings().get(0).kind();
            if (got == setup.expected()) {
                right++;
            } else {
                wrong.append(" seed ").append(seed).append(": ").append(got == null ? "nothing" : got);
            }
        }
        return new Tally(right, effective, ineffective, wrong.toString());
    }

    @Test
    void brokenSetupsAreNamedRightOnHeldOutSeeds() throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("| setup | expected kind | development seeds: right / effective | held-out seeds: right / effective"
                + " | ineffective (held-out) |\n|---|---|---|---|---|\n");
        int right = 0;
        int effective = 0;
        List<String> misses = new ArrayList<>();
        for (BrokenSetups.Broken setup : BrokenSetups.BROKEN) {
            Tally dev = tally(setup, DEVELOPMENT);
            Tally held = tally(setup, HELD_OUT);
            right += held.right();
            effective += held.effective();
            if (!held.wrong().isEmpty()) {
                misses.add(setup.name() + ":" + held.wrong());
            }
            table.append(String.format(Locale.ROOT, "| %s | `%s` | %d / %d | %d / %d | %d |%n", setup.name(), setup.expected(),
                    dev.right(), dev.effective(), held.right(), held.effective(), held.ineffective()));
        }
        float rate = (float) right / effective;
        table.append(String.format(Locale.ROOT, "%nHeld-out: %d of %d effective broken runs named with the expected kind (%.1f%%).%n",
                right, effective, 100 * rate));
        write("broken", table.toString());
        System.out.println(table);
        misses.forEach(System.out::println);
        assertTrue(rate >= 0.9f, String.format(Locale.ROOT, "%.3f right on held-out seeds; misses: %s", rate, misses));
        for (Finding.Kind kind : Finding.Kind.values()) {
            assertTrue(BrokenSetups.BROKEN.stream().anyMatch(b -> b.expected() == kind), "no setup for " + kind);
        }
    }

    @Test
    void healthyRunsRaiseNoFinding() throws IOException {
        StringBuilder table = new StringBuilder("| healthy configuration | development seeds: met their bar / with a finding"
                + " | held-out seeds: met their bar / with a finding | runs that missed their bar |\n|---|---|---|---|\n");
        int[] clean = new int[2];
        int[] alarms = new int[2];
        List<String> found = new ArrayList<>();
        for (BrokenSetups.Healthy config : BrokenSetups.HEALTHY) {
            int[] solved = new int[2];
            int[] withFinding = new int[2];
            int missed = 0;
            long[][] sets = {DEVELOPMENT, HELD_OUT};
            for (int set = 0; set < 2; set++) {
                for (long seed : sets[set]) {
                    BrokenSetups.Outcome o = config.run().apply(seed);
                    if (!o.solved()) {
                        missed++;   // a healthy setup that failed this seed: findings are allowed, and judged elsewhere
                        continue;
                    }
                    solved[set]++;
                    if (!o.findings().isEmpty()) {
                        withFinding[set]++;
                        found.add(config.name() + ", seed " + seed + ": " + o.findings().get(0).message());
                    }
                }
                clean[set] += solved[set] - withFinding[set];
                alarms[set] += withFinding[set];
            }
            table.append(String.format(Locale.ROOT, "| %s | %d / %d | %d / %d | %d |%n", config.name(), solved[0], withFinding[0],
                    solved[1], withFinding[1], missed));
        }
        table.append(String.format(Locale.ROOT, "%nHeld-out: %d healthy runs met their bar, %d raised a finding; development: %d and"
                + " %d.%n", clean[1] + alarms[1], alarms[1], clean[0] + alarms[0], alarms[0]));
        write("healthy", table.toString());
        System.out.println(table);
        found.forEach(System.out::println);
        assertEquals(0, alarms[0] + alarms[1], "false alarms: " + found);
        assertTrue(clean[1] >= 60, clean[1] + " held-out healthy runs met their bar; the benchmark needs at least 60");
    }

    private static void write(String part, String text) throws IOException {
        Path dir = Path.of("target");
        if (Files.isDirectory(dir)) {
            Files.writeString(dir.resolve("diagnosis-benchmark-" + part + ".md"), text);
        }
    }
}
