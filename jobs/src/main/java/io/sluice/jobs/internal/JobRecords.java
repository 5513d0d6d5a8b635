package io.sluice.jobs.internal;

import io.sluice.jobs.JobStatus;
import io.sluice.storage.CorruptStoreException;
import io.sluice.storage.MetadataBatch;
import io.sluice.storage.MetadataStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable records of a store's jobs, in its metadata under namespace {@value #NAMESPACE}: key
 * {@code next-id} holds the next id (u64), key {@code job/<id, 16 digits>} each job's record
 * ({@link JobStatusCodec}), so listing gives jobs in id order. Every write is fsynced by the store.
 */
public final class JobRecords {
  /** The metadata namespace of job records. */
  public static final String NAMESPACE = "jobs";

  private static final String NEXT_ID = "next-id";
  private static final String JOB_PREFIX = "job/";

  private final MetadataStore metadata;

  /**
   * @param metadata the store's metadata
   */
  public JobRecords(MetadataStore metadata) {
    this.metadata = metadata;
  }

  /**
   * Records a new job under a fresh id, in one write with the advanced counter.
   *
   * @param withId makes the job's first record once its id is known
   * @return the recorded job
   */
  public synchronized JobStatus create(java.util.function.LongFunction<JobStatus> withId) {
    long id = metadata.get(NAMESPACE, NEXT_ID).map(b -> ByteBuffer.wrap(b).getLong()).orElse(1L);
    JobStatus status = withId.apply(id);
    metadata.write(
        putting(status).put(NAMESPACE, NEXT_ID, ByteBuffer.allocate(8).putLong(id + 1).array()));
    return status;
  }

  /**
   * @param status a job's new record, replacing the old one
   */
  public void put(JobStatus status) {
    metadata.write(putting(status));
  }

  /**
   * @param status a job's new record
   * @return a batch that writes it, to be written together with other changes
   */
  public MetadataBatch putting(JobStatus status) {
    return new MetadataBatch().put(NAMESPACE, key(status.id()), JobStatusCodec.encode(status));
  }

  /**
   * @param id a job id
   * @return its record, if there is one
   */
  public Optional<JobStatus> get(long id) {
    return metadata.get(NAMESPACE, key(id)).map(bytes -> decode(id, bytes));
  }

  /**
   * @return every job, by id
   */
  public List<JobStatus> list() {
    List<JobStatus> jobs = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : metadata.list(NAMESPACE, JOB_PREFIX).entrySet()) {
      jobs.add(decode(entry.getKey(), entry.getValue()));
    }
    return jobs;
  }

  private static JobStatus decode(Object key, byte[] bytes) {
    try {
      return JobStatusCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new CorruptStoreException(
          "the record of job " + key + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static String key(long id) {
    return JOB_PREFIX + String.format(java.util.Locale.ROOT, "%016d", id);
  }
}
