package io.sluice.udf.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import io.sluice.udf.WasiGrant;
import io.sluice.wasidata.GuestLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Sluice's WASI: the {@code wasi_snapshot_preview1} functions a module imports, linked to a policy
 * that grants nothing by default (ABI.md section 8).
 *
 * <ul>
 *   <li>{@code fd_write} to fd 1 and 2 goes to the instance's {@link GuestLog}; fds 1 and 2 look
 *       like terminals to {@code fd_fdstat_get}, so C stdio line-buffers them and a {@code printf}
 *       reaches the log at its newline; every other fd is {@code EBADF};
 *   <li>there are no preopened directories, arguments or environment variables;
 *   <li>path, socket, polling and signal calls trap, naming the call;
 *   <li>clock and random calls trap unless granted, then read the injected {@link Clock} and {@link
 *       Random};
 *   <li>{@code proc_exit} ends the call with a {@link WasiExitException} carrying the code.
 * </ul>
 *
 * <p>Chicory's own {@code WasiPreview1} is not used because its calls report errno values where
 * this policy must trap, and its stdout goes to a stream rather than a bounded per-instance log.
 */
public final class WasiPolicy {

  // WASI preview 1 numbers (witx); Chicory's own enums for them are package-private.
  private static final int ESUCCESS = 0;
  private static final int EBADF = 8;
  private static final int EINVAL = 28;
  private static final int ESPIPE = 70;
  private static final byte FILETYPE_CHARACTER_DEVICE = 2;
  private static final long RIGHTS_FD_WRITE = 1L << 6;
  private static final int FDSTAT_SIZE = 24;
  private static final long MEMORY_PAGE_BYTES = 65536;

  private final Set<WasiGrant> grants;
  private final Clock clock;
  private final Random random;
  private final GuestLog log;
  private long lastMonotonic = Long.MIN_VALUE;

  /**
   * @param grants the capabilities the function was granted
   * @param clock the clock {@code clock_time_get} reads when granted
   * @param random the source {@code random_get} reads when granted
   * @param log where stdout and stderr go
   */
  public WasiPolicy(Set<WasiGrant> grants, Clock clock, Random random, GuestLog log) {
    this.grants = Set.copyOf(grants);
    this.clock = clock;
    this.random = random;
    this.log = log;
  }

  /**
   * Links every WASI import of a module, which {@link ModuleShape} has already checked against the
   * WASI signatures.
   *
   * @param module the module
   * @return one host function per WASI import
   */
  public List<HostFunction> hostFunctions(WasmModule module) {
    List<HostFunction> functions = new ArrayList<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imported = module.importSection().getImport(i);
      if (imported instanceof FunctionImport && WasiSignatures.MODULE.equals(imported.module())) {
        String name = imported.name();
        functions.add(
            new HostFunction(WasiSignatures.MODULE, name, WasiSignatures.of(name), handle(name)));
      }
    }
    return functions;
  }

  private WasmFunctionHandle handle(String name) {
    switch (name) {
      case "fd_write":
        return (instance, args) -> i32(fdWrite(instance, args));
      case "fd_fdstat_get":
        return (instance, args) -> i32(fdFdstatGet(instance, (int) args[0], (int) args[1]));
      case "fd_seek":
      case "fd_tell":
        return (instance, args) -> i32(isStdio((int) args[0]) ? ESPIPE : EBADF);
      case "fd_prestat_get":
      case "fd_prestat_dir_name":
        // No preopened directories: wasi-libc stops scanning at the first EBADF.
        return (instance, args) -> i32(EBADF);
      case "environ_sizes_get":
      case "args_sizes_get":
        return (instance, args) -> {
          Memory memory = instance.memory();
          memory.writeI32((int) args[0], 0);
          memory.writeI32((int) args[1], 0);
          return i32(ESUCCESS);
        };
      case "environ_get":
      case "args_get":
      case "sched_yield":
        return (instance, args) -> i32(ESUCCESS);
      case "clock_time_get":
        return (instance, args) -> i32(clockTimeGet(instance, (int) args[0], (int) args[2]));
      case "clock_res_get":
        return (instance, args) -> i32(clockResGet(instance, (int) args[0], (int) args[1]));
      case "random_get":
        return (instance, args) -> i32(randomGet(instance, (int) args[0], (int) args[1]));
      case "proc_exit":
        return (instance, args) -> {
          throw new WasiExitException((int) args[0]);
        };
      default:
        return deniedOrBadFd(name);
    }
  }

  private static WasmFunctionHandle deniedOrBadFd(String name) {
    if (name.startsWith("path_")) {
      return deny(name, "this function has no filesystem access");
    }
    if (name.startsWith("sock_")) {
      return deny(name, "this function has no network access");
    }
    if (name.startsWith("fd_")) {
      // fd_read, fd_close, fd_pread, ...: no fd but 1 and 2 exists, and those only take writes.
      return (instance, args) -> i32(EBADF);
    }
    // poll_oneoff (sleeping), proc_raise: nothing a SQL function may do.
    return deny(name, "Sluice does not provide it");
  }

  private static WasmFunctionHandle deny(String name, String why) {
    String message = "WASI " + name + " denied: " + why;
    return (instance, args) -> {
      throw new TrapException(message);
    };
  }

  private int fdWrite(Instance instance, long[] args) {
    int fd = (int) args[0];
    int iovs = (int) args[1];
    int iovsCount = (int) args[2];
    int writtenPtr = (int) args[3];
    if (!isStdio(fd) || fd == 0) {
      return EBADF;
    }
    Memory memory = instance.memory();
    long total = 0;
    for (int i = 0; i < iovsCount; i++) {
      int base = memory.readInt(iovs + i * 8);
      int length = memory.readInt(iovs + i * 8 + 4);
      checkRange(memory, base, length);
      byte[] bytes = memory.readBytes(base, length);
      log.append(bytes, 0, bytes.length);
      total += Integer.toUnsignedLong(length);
    }
    memory.writeI32(writtenPtr, (int) total);
    return ESUCCESS;
  }

  private static int fdFdstatGet(Instance instance, int fd, int buf) {
    if (fd != 1 && fd != 2) {
      return EBADF;
    }
    Memory memory = instance.memory();
    memory.write(buf, new byte[FDSTAT_SIZE]);
    memory.writeByte(buf, FILETYPE_CHARACTER_DEVICE);
    // Write only, no seek/tell: wasi-libc's isatty() then says yes and stdio line-buffers.
    memory.writeLong(buf + 8, RIGHTS_FD_WRITE);
    return ESUCCESS;
  }

  private static boolean isStdio(int fd) {
    return fd >= 0 && fd <= 2;
  }

  private int clockTimeGet(Instance instance, int clockId, int resultPtr) {
    require(WasiGrant.CLOCK, "clock_time_get", "this function has no clock access");
    long nanos;
    switch (clockId) {
      case 0: // realtime
        nanos = epochNanos(clock.instant());
        break;
      case 1: // monotonic
      case 2: // process cputime
      case 3: // thread cputime
        // Derived from the injected clock so tests can fix it, but never allowed to go back.
        nanos = Math.max(epochNanos(clock.instant()), lastMonotonic);
        lastMonotonic = nanos;
        break;
      default:
        return EINVAL;
    }
    instance.memory().writeLong(resultPtr, nanos);
    return ESUCCESS;
  }

  private int clockResGet(Instance instance, int clockId, int resultPtr) {
    require(WasiGrant.CLOCK, "clock_res_get", "this function has no clock access");
    if (clockId < 0 || clockId > 3) {
      return EINVAL;
    }
    instance.memory().writeLong(resultPtr, 1_000L);
    return ESUCCESS;
  }

  private int randomGet(Instance instance, int buf, int length) {
    require(WasiGrant.RANDOM, "random_get", "this function has no random source");
    checkRange(instance.memory(), buf, length);
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    instance.memory().write(buf, bytes);
    return ESUCCESS;
  }

  private void require(WasiGrant grant, String call, String why) {
    if (!grants.contains(grant)) {
      throw new TrapException(
          "WASI " + call + " denied: " + why + " (it needs the " + grant + " grant)");
    }
  }

  /**
   * Traps unless [address, address + length) lies in memory, before anything is allocated for it: a
   * guest must not make the host allocate gigabytes by passing a huge length.
   */
  private static void checkRange(Memory memory, int address, int length) {
    long end = Integer.toUnsignedLong(address) + Integer.toUnsignedLong(length);
    if (end > (long) memory.pages() * MEMORY_PAGE_BYTES) {
      throw new WasmRuntimeException("out of bounds memory access");
    }
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static long[] i32(int value) {
    return new long[] {value};
  }
}
