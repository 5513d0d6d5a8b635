package io.sluice.jobs;

/** The two kinds of tasks of a job. */
public enum TaskPhase {
  /** Scans one input shard, maps (and combines) its rows next to the data, writes the shuffle. */
  MAP,
  /** Reads one shuffle partition, reduces it by key, writes its part of the output. */
  REDUCE
}
