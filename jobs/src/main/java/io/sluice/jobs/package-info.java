/**
 * Batch map-reduce jobs whose wasm functions run next to the data: {@link io.sluice.jobs.Sluice}
 * opens a data directory, {@link io.sluice.jobs.Dataset} describes a job fluently, {@link
 * io.sluice.jobs.Jobs} starts, lists and cancels jobs, {@link io.sluice.jobs.JobStatus} is a job's
 * durable record and live progress. See {@code docs/jobs.md} for the model and its guarantees.
 */
package io.sluice.jobs;
