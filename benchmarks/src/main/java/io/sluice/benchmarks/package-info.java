/** JMH benchmarks; each reports against a baseline measured in the same run. */
package io.sluice.benchmarks;
