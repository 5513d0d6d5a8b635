package io.sluice.jobs.internal;

import io.sluice.jobs.JobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files under {@code <data>/jobs/} through which other processes reach the jobs of the process that
 * holds the store (the store's lock keeps them out of RocksDB): {@code <id>.status}, a running
 * job's latest status ({@link JobStatusCodec}), replaced atomically about twice a second and
 * removed when the job ends; {@code <id>.cancel}, a cancellation request the running job polls for.
 * Neither is durable state: the job's record in the store is.
 */
public final class JobFiles {
  /** The directory under the data directory. */
  public static final String DIRECTORY = "jobs";

  private final Path directory;

  /**
   * @param dataDirectory the store's data directory
   */
  public JobFiles(Path dataDirectory) {
    this.directory = dataDirectory.resolve(DIRECTORY);
  }

  /**
   * Publishes a running job's status for other processes.
   *
   * @param status the job now
   */
  public void writeStatus(JobStatus status) {
    try {
      Files.createDirectories(directory);
      Path target = statusFile(status.id());
      Path temporary = directory.resolve(status.id() + ".status.tmp");
      Files.write(temporary, JobStatusCodec.encode(status));
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Only other processes' view suffers; the job and its durable record go on.
    }
  }

  /**
   * Publishes a job's final status, so that a process waiting on its cancellation learns the
   * outcome, and withdraws any cancellation request.
   *
   * @param status the job, final
   */
  public void finish(JobStatus status) {
    writeStatus(status);
    deleteQuietly(cancelFile(status.id()));
  }

  /** Removes the status files of jobs that ended: their records hold the same. */
  public void removeFinished() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().endsWith(".status")
            && read(file).map(status -> status.state().isFinal()).orElse(false)) {
          deleteQuietly(file);
        }
      }
    } catch (IOException e) {
      // Left for the next time; readers skip final statuses anyway.
    }
  }

  /**
   * @return the status files of jobs whose process is alive, by id
   */
  public List<JobStatus> liveStatuses() {
    List<JobStatus> live = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return live;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().endsWith(".status")) {
          read(file).filter(JobFiles::running).ifPresent(live::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    live.sort(java.util.Comparator.comparingLong(JobStatus::id));
    return live;
  }

  /**
   * @param id a job
   * @return its live status, if a living process runs it
   */
  public Optional<JobStatus> liveStatus(long id) {
    return read(statusFile(id)).filter(JobFiles::running);
  }

  /**
   * @param id a job
   * @return its status as last published: while it runs, or once it ended (until the files of ended
   *     jobs are cleaned up); empty if no living process ran it
   */
  public Optional<JobStatus> lastStatus(long id) {
    return read(statusFile(id)).filter(s -> s.state().isFinal() || processAlive(s));
  }

  /**
   * Asks the process running a job to cancel it.
   *
   * @param id the job
   */
  public void requestCancel(long id) {
    try {
      Files.createDirectories(directory);
      Files.writeString(
          cancelFile(id), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + cancelFile(id), e);
    }
  }

  /**
   * @param id a job
   * @return whether another process asked to cancel it
   */
  public boolean cancelRequested(long id) {
    return Files.exists(cancelFile(id));
  }

  /**
   * Removes every status and cancel file: called when the store is opened, when no job of an
   * earlier process can be running any more.
   *
   * @param keep ids of jobs running in this process, whose files stay
   */
  public void removeStale(java.util.Set<Long> keep) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        String id = dot < 0 ? name : name.substring(0, dot);
        if (!id.chars().allMatch(Character::isDigit) || id.isEmpty()) {
          continue;
        }
        if (!keep.contains(Long.parseLong(id))) {
          deleteQuietly(file);
        }
      }
    } catch (IOException e) {
      // Stale files only mislead other processes' listings, which check pids anyway.
    }
  }

  private Optional<JobStatus> read(Path file) {
    try {
      return Optional.of(JobStatusCodec.decode(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // being replaced, or a leftover of another version
    }
  }

  private static boolean running(JobStatus status) {
    return !status.state().isFinal() && processAlive(status);
  }

  private static boolean processAlive(JobStatus status) {
    return ProcessHandle.of(status.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private Path statusFile(long id) {
    return directory.resolve(id + ".status");
  }

  private Path cancelFile(long id) {
    return directory.resolve(id + ".cancel");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left for the next removeStale.
    }
  }
}
