package io.sluice.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.jobs.JobInput;
import io.sluice.jobs.JobSpec;
import io.sluice.jobs.JobState;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.TaskPhase;
import io.sluice.jobs.TaskState;
import io.sluice.jobs.TaskStatus;
import io.sluice.jobs.WasmFunctionRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job record survives encoding, and damaged bytes are refused rather than misread. */
class JobStatusCodecTest {
  private static final JobStatus JOB =
      new JobStatus(
          7,
          new JobSpec(
              JobInput.query("SELECT id AS doc_id, text FROM docs WHERE text <> 'é'"),
              WasmFunctionRef.of(Path.of("examples/udfs/jobs/inverted_index.wasm"), "map_postings"),
              WasmFunctionRef.catalog("postings"),
              WasmFunctionRef.catalog("postings"),
              "word_index",
              3,
              true,
              1 << 26,
              Duration.ofSeconds(12)),
          JobState.FAILED,
          Instant.ofEpochMilli(1_700_000_000_000L),
          Instant.ofEpochMilli(1_700_000_000_100L),
          null,
          List.of(
              new TaskStatus(TaskPhase.MAP, 0, TaskState.DONE, 10, 20, 300, 10, null),
              new TaskStatus(TaskPhase.REDUCE, 2, TaskState.FAILED, 5, 0, 0, 6, "trap")),
          "reduce task 2 failed: trap",
          0,
          4242);

  @Test
  void roundTrips() {
    assertEquals(JOB, JobStatusCodec.decode(JobStatusCodec.encode(JOB)));
  }

  @Test
  void refusesTruncatedOrLongerRecords() {
    byte[] bytes = JobStatusCodec.encode(JOB);
    for (int length : new int[] {0, 1, 30, bytes.length - 1}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> JobStatusCodec.decode(Arrays.copyOf(bytes, length)),
          "length " + length);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> JobStatusCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    byte[] otherVersion = bytes.clone();
    otherVersion[0] = 2;
    assertThrows(IllegalArgumentException.class, () -> JobStatusCodec.decode(otherVersion));
  }
}
