package dev.nnj.core;

/**
 * The schedules behind {@link Schedules}: each computes the rate of an epoch from the base rate,
 * except reduce-on-plateau, which watches the monitored loss and keeps its state in a run's
 * {@link Scheduler} (and so in a checkpoint).
 */
record RateSchedule(Kind kind, int period, float factor, int warmup, float minimum, float threshold) implements Schedule {

    enum Kind { CONSTANT, STEP, EXPONENTIAL, COSINE, PLATEAU }

    /** A run's schedule state: the current rate and, for plateau, the best loss and the epochs since it. */
    static final class Scheduler {
        final RateSchedule schedule;
        final float base;
        float rate;
        float best = Float.POSITIVE_INFINITY;
        int waited;

        Scheduler(RateSchedule schedule, float base) {
            this.schedule = schedule;
            this.base = base;
            this.rate = base;
        }

        /** The rate for epoch {@code epoch} (counting from 1), before it runs. */
        float rateFor(int epoch) {
            int e = epoch - 1;
            switch (schedule.kind) {
                case STEP:
                    rate = (float) (base * Math.pow(schedule.factor, e / schedule.period));
                    break;
                case EXPONENTIAL:
                    rate = (float) (base * Math.pow(schedule.factor, e));
                    break;
                case COSINE:
                    if (e < schedule.warmup) {
                        rate = base * (e + 1) / (schedule.warmup + 1);
                    } else {
                        int span = Math.max(1, schedule.period - schedule.warmup);
                        double progress = Math.min(1.0, (double) (e - schedule.warmup) / span);
                        rate = (float) (schedule.minimum + (base - schedule.minimum) * 0.5 * (1 + Math.cos(Math.PI * progress)));
                    }
                    break;
                default:
                    break;
            }
            return rate;
        }

        /** Takes the monitored loss after an epoch (plateau lowers the rate when it stops improving). */
        void observe(float loss) {
            if (schedule.kind != Kind.PLATEAU || Float.isNaN(loss)) {
                return;
            }
            if (loss < best * (1 - schedule.threshold)) {
                best = loss;
                waited = 0;
            } else if (++waited > schedule.period) {
                rate = Math.max(schedule.minimum, rate * schedule.factor);
                waited = 0;
            }
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case STEP:
                return "step(" + period + ", " + factor + ")";
            case EXPONENTIAL:
                return "exponential(" + factor + ")";
            case COSINE:
                return "cosine(" + period + ", " + warmup + ")";
            case PLATEAU:
                return "reduceOnPlateau(" + period + ", " + factor + ")";
            default:
                return "constant()";
        }
    }
}
