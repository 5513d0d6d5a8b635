/**
 * How the UDF sandbox works inside: module checks, the compiler and its on-disk cache, Sluice's
 * WASI policy, the watchdog that enforces time limits, instance pools and error messages. Nothing
 * here is API; {@code io.sluice.udf} is.
 */
package io.sluice.udf.internal;
