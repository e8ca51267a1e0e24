package dev.nnj.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Chooses the kernels nnj runs on: ServiceLoader providers, the {@code nnj.kernels} override, the scalar fallback. */
final class KernelSelection {

    static final String PROPERTY = "nnj.kernels";

    private KernelSelection() {
    }

    /** The process-wide choice, made once on first use. */
    static final class Holder {
        static final Kernels ACTIVE = select(discover(System.err::println), System.getProperty(PROPERTY), System.err::println);
    }

    static List<Kernels> discover(Consumer<String> warn) {
        List<Kernels> found = new ArrayList<>();
        var iterator = ServiceLoader.load(Kernels.class, Kernels.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A provider that cannot even load (say, a missing module) must not stop training.
                warn.accept("nnj: a kernel provider could not be loaded (" + e.getMessage() + "); it is skipped.");
            }
        }
        return found;
    }

    /**
     * Picks the kernels: the one named by {@code forced} if given, else the available provider
     * with the highest priority, else the scalar reference. Each unavailable provider is reported
     * once through {@code warn}, with its reason.
     */
    static Kernels select(List<Kernels> providers, String forced, Consumer<String> warn) {
        Kernels scalar = new ScalarKernels();
        List<Kernels> all = new ArrayList<>(providers);
        if (all.stream().noneMatch(k -> k.name().equals(scalar.name()))) {
            all.add(scalar);
        }
        if (forced != null && !forced.isBlank()) {
            String wanted = forced.trim().toLowerCase(Locale.ROOT);
            Kernels named = all.stream().filter(k -> k.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("-D" + PROPERTY + "=" + forced
                            + " names no kernel implementation on the class or module path; found: "
                            + all.stream().map(Kernels::name).toList()
                            + ". Use one of these, or add the module that provides '" + wanted + "' (nn-simd provides 'simd')."));
            Optional<String> reason = named.unavailableReason();
            if (reason.isPresent()) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted + " cannot run here: " + reason.get());
            }
            return named;
        }
        Kernels best = scalar;
        for (Kernels k : all.stream().sorted(Comparator.comparingInt(Kernels::priority).reversed()).toList()) {
            Optional<String> reason = k.unavailableReason();
            if (reason.isEmpty()) {
                best = k;
                break;
            }
            warn.accept("nnj: " + k.name() + " kernels unavailable, using the next best: " + reason.get());
        }
        return best;
    }
}
