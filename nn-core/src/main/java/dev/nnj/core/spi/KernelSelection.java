package dev.nnj.core.spi;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Chooses the kernels nnj runs on: ServiceLoader providers, the {@code nnj.kernels} override, the
 * scalar fallback.
 *
 * <p>Two kinds of trouble, two answers. A provider that cannot run in this JVM (nn-simd without
 * {@code --add-modules jdk.incubator.vector}, or on a JVM older than 25) is skipped with one line
 * on stderr naming what to change; training goes on with the scalar kernels. A setting that is
 * wrong ({@code -Dnnj.kernels=gpu}, or a provider refusing its own properties with an
 * {@link IllegalArgumentException}) is an error on every use: silently running slower would hide it.
 */
final class KernelSelection {

    static final String PROPERTY = "nnj.kernels";

    private KernelSelection() {
    }

    /** The process-wide choice, made once on first use. Initialising this class never throws. */
    static final class Holder {
        static final Choice CHOICE = Choice.of(() -> choose(System.getProperty(PROPERTY), KernelSelection::providers,
                System.err::println));
    }

    /** The chosen kernels; after a bad setting, that setting's error (a new exception on every call). */
    static Kernels active() {
        return Holder.CHOICE.get();
    }

    /** The outcome of choosing: kernels, or the error to report on every use. */
    record Choice(Kernels kernels, IllegalStateException failure) {

        static Choice of(Supplier<Kernels> choose) {
            try {
                return new Choice(choose.get(), null);
            } catch (IllegalStateException e) {
                return new Choice(null, e);
            } catch (RuntimeException e) {
                return new Choice(null, new IllegalStateException("nnj: choosing the kernels failed: " + e, e));
            }
        }

        Kernels get() {
            if (failure != null) {
                // A fresh exception, so that its stack trace shows this caller; the first one is its cause.
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return kernels;
        }
    }

    private static Iterator<Kernels> providers() {
        return ServiceLoader.load(Kernels.class, Kernels.class.getClassLoader()).iterator();
    }

    /**
     * The whole choice: {@code -Dnnj.kernels=scalar} takes the reference without loading any provider;
     * otherwise the providers are loaded and {@link #select} picks one.
     *
     * @throws IllegalStateException for a bad {@code nnj.kernels} value or a provider that refuses its settings
     */
    static Kernels choose(String forced, Supplier<Iterator<Kernels>> providers, Consumer<String> warn) {
        Kernels scalar = new ScalarKernels();
        if (forced != null && forced.trim().equalsIgnoreCase(scalar.name())) {
            return scalar;
        }
        return select(discover(providers.get(), warn), forced, warn);
    }

    /**
     * Instantiates the providers. One that cannot be loaded in this JVM (a class file too new, a
     * missing class or module) is skipped with one line through {@code warn}; one whose constructor
     * throws {@link IllegalArgumentException}, the way a provider refuses a bad setting, is an error.
     *
     * @throws IllegalStateException naming the provider and carrying its message
     */
    static List<Kernels> discover(Iterator<Kernels> iterator, Consumer<String> warn) {
        List<Kernels> found = new ArrayList<>();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
            } catch (ServiceConfigurationError e) {
                // A malformed service file: nothing after it can be read either.
                warn.accept("nnj: the kernel providers could not be listed (" + e.getMessage() + "); using those found so far.");
                break;
            }
            try {
                found.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                IllegalArgumentException refused = refusal(e);
                if (refused != null) {
                    throw new IllegalStateException("nnj: a kernel provider refused its settings: " + refused.getMessage()
                            + " (" + e.getMessage() + "). Fix or remove that setting.", e);
                }
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                warn.accept("nnj: a kernel provider cannot run in this JVM and is skipped: " + cause);
            }
        }
        return found;
    }

    private static IllegalArgumentException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return (IllegalArgumentException) t;
            }
        }
        return null;
    }

    /**
     * Picks the kernels: the one named by {@code forced} if given, else the available provider
     * with the highest priority, else the scalar reference. Each unavailable provider passed over
     * is reported in one line through {@code warn}, with its reason.
     *
     * @throws IllegalStateException if {@code forced} names no provider, or one that cannot run here
     */
    static Kernels select(List<Kernels> providers, String forced, Consumer<String> warn) {
        Kernels scalar = new ScalarKernels();
        List<Kernels> all = new ArrayList<>(providers);
        if (all.stream().noneMatch(k -> k.name().equals(scalar.name()))) {
            all.add(scalar);
        }
        all.sort(Comparator.comparingInt(Kernels::priority).reversed());
        if (forced != null && !forced.isBlank()) {
            String wanted = forced.trim().toLowerCase(Locale.ROOT);
            Optional<Kernels> named = all.stream().filter(k -> k.name().equals(wanted)).findFirst();
            if (named.isEmpty()) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " names no kernels on the class or module"
                        + " path. Accepted values: " + names(all) + "; or leave " + PROPERTY + " unset for the fastest"
                        + " available." + ("simd".equals(wanted) ? " 'simd' needs the dev.nnj:nn-simd artifact." : ""));
            }
            Optional<String> reason = named.get().unavailableReason();
            if (reason.isPresent()) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " cannot run in this JVM: " + reason.get()
                        + ". Accepted values here: " + names(all.stream().filter(k -> k.unavailableReason().isEmpty()).toList())
                        + "; or leave " + PROPERTY + " unset for the fastest available.");
            }
            return named.get();
        }
        List<Kernels> passedOver = new ArrayList<>();
        Kernels best = scalar;
        for (Kernels k : all) {
            if (k.unavailableReason().isEmpty()) {
                best = k;
                break;
            }
            passedOver.add(k);
        }
        for (Kernels k : passedOver) {
            warn.accept("nnj: " + k.name() + " kernels unavailable, running on " + best.name() + ": "
                    + k.unavailableReason().orElseThrow());
        }
        return best;
    }

    private static String names(List<Kernels> kernels) {
        return kernels.stream().map(Kernels::name).collect(Collectors.joining(", "));
    }
}
