package io.sluice.udf.internal;

import java.time.Clock;
import java.util.Random;

/**
 * What the runtime injects into every instance it creates: the sources granted WASI calls read, and
 * the watchdog that enforces time limits. Shared by all functions of one runtime.
 *
 * @param clock what a CLOCK grant reads
 * @param random what a RANDOM grant reads
 * @param watchdog interrupts calls at their deadline
 */
public record Environment(Clock clock, Random random, Watchdog watchdog) {}
