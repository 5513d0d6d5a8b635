package io.sluice.jobs.internal;

import io.sluice.jobs.JobInput;
import io.sluice.jobs.JobSpec;
import io.sluice.jobs.JobState;
import io.sluice.jobs.JobStatus;
import io.sluice.jobs.TaskPhase;
import io.sluice.jobs.TaskState;
import io.sluice.jobs.TaskStatus;
import io.sluice.jobs.WasmFunctionRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a job's durable record (and of its live status file), big-endian, {@code
 * DataOutputStream} encoding:
 *
 * <pre>
 * u8 version (1) | i64 id | spec | u8 state | i64 createdAt | i64 startedAt | i64 finishedAt
 * | str error | i64 outputRows | i64 pid | i32 taskCount | task...
 * spec = u8 inputKind | str input | ref map | bool hasCombine [ref combine] | ref reduce | str output
 *        | i32 parallelism | bool replaceOutput | i64 memoryLimitBytes | i64 callTimeoutMillis
 * ref  = str module ("" for a catalog function) | str function
 * task = u8 phase | i32 index | u8 state | i64 rowsIn | i64 rowsOut | i64 bytesShuffled
 *        | i64 expectedRows | str error
 * str  = i32 length (-1 for null) | UTF-8 bytes;  times: epoch milliseconds, -1 for none
 * </pre>
 */
public final class JobStatusCodec {
  private static final int VERSION = 1;

  private JobStatusCodec() {}

  /**
   * @param status a job
   * @return its record's bytes
   */
  public static byte[] encode(JobStatus status) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(status.id());
      writeSpec(out, status.spec());
      out.writeByte(status.state().ordinal());
      writeTime(out, status.createdAt());
      writeTime(out, status.startedAt());
      writeTime(out, status.finishedAt());
      writeString(out, status.error());
      out.writeLong(status.outputRows());
      out.writeLong(status.pid());
      out.writeInt(status.tasks().size());
      for (TaskStatus task : status.tasks()) {
        out.writeByte(task.phase().ordinal());
        out.writeInt(task.index());
        out.writeByte(task.state().ordinal());
        out.writeLong(task.rowsIn());
        out.writeLong(task.rowsOut());
        out.writeLong(task.bytesShuffled());
        out.writeLong(task.expectedRows());
        writeString(out, task.error());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * @param bytes a record's bytes
   * @return the job
   * @throws IllegalArgumentException if the bytes are not a record of this version
   */
  public static JobStatus decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("job record version " + version + ", expected 1");
      }
      long id = in.readLong();
      JobSpec spec = readSpec(in);
      JobState state = JobState.values()[in.readUnsignedByte()];
      Instant created = readTime(in);
      Instant started = readTime(in);
      Instant finished = readTime(in);
      String error = readString(in);
      long outputRows = in.readLong();
      long pid = in.readLong();
      int count = in.readInt();
      List<TaskStatus> tasks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        tasks.add(
            new TaskStatus(
                TaskPhase.values()[in.readUnsignedByte()],
                in.readInt(),
                TaskState.values()[in.readUnsignedByte()],
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                readString(in)));
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException(in.available() + " bytes after the job record");
      }
      return new JobStatus(
          id, spec, state, created, started, finished, tasks, error, outputRows, pid);
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("a job record is truncated or corrupt: " + e, e);
    }
  }

  private static void writeSpec(DataOutputStream out, JobSpec spec) throws IOException {
    out.writeByte(spec.input().kind().ordinal());
    writeString(out, spec.input().text());
    writeRef(out, spec.map());
    out.writeBoolean(spec.combine() != null);
    if (spec.combine() != null) {
      writeRef(out, spec.combine());
    }
    writeRef(out, spec.reduce());
    writeString(out, spec.output());
    out.writeInt(spec.parallelism());
    out.writeBoolean(spec.replaceOutput());
    out.writeLong(spec.memoryLimitBytes());
    out.writeLong(spec.callTimeout().toMillis());
  }

  private static JobSpec readSpec(DataInputStream in) throws IOException {
    JobInput input = new JobInput(JobInput.Kind.values()[in.readUnsignedByte()], readString(in));
    WasmFunctionRef map = readRef(in);
    WasmFunctionRef combine = in.readBoolean() ? readRef(in) : null;
    WasmFunctionRef reduce = readRef(in);
    return new JobSpec(
        input,
        map,
        combine,
        reduce,
        readString(in),
        in.readInt(),
        in.readBoolean(),
        in.readLong(),
        Duration.ofMillis(in.readLong()));
  }

  private static void writeRef(DataOutputStream out, WasmFunctionRef ref) throws IOException {
    writeString(out, ref.isModuleFile() ? ref.module().toString() : "");
    writeString(out, ref.function());
  }

  private static WasmFunctionRef readRef(DataInputStream in) throws IOException {
    String module = readString(in);
    String function = readString(in);
    return module.isEmpty()
        ? WasmFunctionRef.catalog(function)
        : WasmFunctionRef.of(Path.of(module), function);
  }

  private static void writeTime(DataOutputStream out, Instant time) throws IOException {
    out.writeLong(time == null ? -1 : time.toEpochMilli());
  }

  private static Instant readTime(DataInputStream in) throws IOException {
    long millis = in.readLong();
    return millis < 0 ? null : Instant.ofEpochMilli(millis);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    if (length > in.available()) {
      throw new IOException("a string of " + length + " bytes runs past the record");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
