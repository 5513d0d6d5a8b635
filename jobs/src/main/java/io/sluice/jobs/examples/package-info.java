/**
 * The example jobs' input data, generated deterministically: documents for word count and the
 * inverted index, access log lines for log analytics ({@code ./sluice job generate}).
 */
package io.sluice.jobs.examples;
