package io.flinkrw.testutils;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the seed and the number of tries of a jqwik property from system properties, for
 * differential tests whose tries each run Flink jobs: CI runs few tries with the fixed {@link
 * #DEFAULT_SEED}; a longer run picks its own, e.g. {@code -Ddifferential.seed=42
 * -Ddifferential.tries=40}. Each property gets its own seed, the given one plus the hash code of
 * its class and method name, so that properties of the same generators try different cases. The
 * seed is printed before the property runs (jqwik prints it again in its report and with a
 * failure).
 */
public final class DifferentialTries implements AroundPropertyHook {

    /** The system property with the seed. */
    public static final String SEED_PROPERTY = "differential.seed";

    /** The system property with the number of tries. */
    public static final String TRIES_PROPERTY = "differential.tries";

    /** The seed of CI runs. */
    public static final String DEFAULT_SEED = "20261203";

    @Override
    public PropertyExecutionResult aroundProperty(
            PropertyLifecycleContext context, PropertyExecutor property) {
        String given = System.getProperty(SEED_PROPERTY, DEFAULT_SEED);
        String seed =
                String.valueOf(
                        Long.parseLong(given)
                                + (context.targetMethod().getDeclaringClass().getSimpleName()
                                                + '.'
                                                + context.targetMethod().getName())
                                        .hashCode());
        context.attributes().setSeed(seed);
        String tries = System.getProperty(TRIES_PROPERTY);
        if (tries != null) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        System.out.printf(
                "%s: seed %s (from %s), %s tries (-D%s=<seed> -D%s=<n> to change)%n",
                context.extendedLabel(),
                seed,
                given,
                context.attributes().tries().map(String::valueOf).orElse("default"),
                SEED_PROPERTY,
                TRIES_PROPERTY);
        return property.execute();
    }
}
