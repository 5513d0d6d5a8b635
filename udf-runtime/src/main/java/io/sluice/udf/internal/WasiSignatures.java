package io.sluice.udf.internal;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wasm signatures of every {@code wasi_snapshot_preview1} function (the WASI preview 1 witx, as
 * Chicory's {@code WasiPreview1} implements it), so that a module importing one with another
 * signature is refused at load time instead of failing to link later.
 */
final class WasiSignatures {

  /** The import module name of WASI preview 1. */
  static final String MODULE = "wasi_snapshot_preview1";

  private static final Map<String, FunctionType> SIGNATURES =
      Map.ofEntries(
          Map.entry("args_get", type("II", "I")),
          Map.entry("args_sizes_get", type("II", "I")),
          Map.entry("clock_res_get", type("II", "I")),
          Map.entry("clock_time_get", type("ILI", "I")),
          Map.entry("environ_get", type("II", "I")),
          Map.entry("environ_sizes_get", type("II", "I")),
          Map.entry("fd_advise", type("ILLI", "I")),
          Map.entry("fd_allocate", type("ILL", "I")),
          Map.entry("fd_close", type("I", "I")),
          Map.entry("fd_datasync", type("I", "I")),
          Map.entry("fd_fdstat_get", type("II", "I")),
          Map.entry("fd_fdstat_set_flags", type("II", "I")),
          Map.entry("fd_fdstat_set_rights", type("ILL", "I")),
          Map.entry("fd_filestat_get", type("II", "I")),
          Map.entry("fd_filestat_set_size", type("IL", "I")),
          Map.entry("fd_filestat_set_times", type("ILLI", "I")),
          Map.entry("fd_pread", type("IIILI", "I")),
          Map.entry("fd_prestat_dir_name", type("III", "I")),
          Map.entry("fd_prestat_get", type("II", "I")),
          Map.entry("fd_pwrite", type("IIILI", "I")),
          Map.entry("fd_read", type("IIII", "I")),
          Map.entry("fd_readdir", type("IIILI", "I")),
          Map.entry("fd_renumber", type("II", "I")),
          Map.entry("fd_seek", type("ILII", "I")),
          Map.entry("fd_sync", type("I", "I")),
          Map.entry("fd_tell", type("II", "I")),
          Map.entry("fd_write", type("IIII", "I")),
          Map.entry("path_create_directory", type("III", "I")),
          Map.entry("path_filestat_get", type("IIIII", "I")),
          Map.entry("path_filestat_set_times", type("IIIILLI", "I")),
          Map.entry("path_link", type("IIIIIII", "I")),
          Map.entry("path_open", type("IIIIILLII", "I")),
          Map.entry("path_readlink", type("IIIIII", "I")),
          Map.entry("path_remove_directory", type("III", "I")),
          Map.entry("path_rename", type("IIIIII", "I")),
          Map.entry("path_symlink", type("IIIII", "I")),
          Map.entry("path_unlink_file", type("III", "I")),
          Map.entry("poll_oneoff", type("IIII", "I")),
          Map.entry("proc_exit", type("I", "")),
          Map.entry("proc_raise", type("I", "I")),
          Map.entry("random_get", type("II", "I")),
          Map.entry("sched_yield", type("", "I")),
          Map.entry("sock_accept", type("III", "I")),
          Map.entry("sock_recv", type("IIIIII", "I")),
          Map.entry("sock_send", type("IIIII", "I")),
          Map.entry("sock_shutdown", type("II", "I")));

  private WasiSignatures() {}

  /**
   * @param name a WASI function name
   * @return its signature, or null when WASI preview 1 has no such function
   */
  static FunctionType of(String name) {
    return SIGNATURES.get(name);
  }

  /**
   * Says why a module may not import a WASI function that no grant can ever allow: filesystem paths
   * (Sluice grants no function a directory), sockets, polling (sleeping) and signals. Every other
   * WASI import is accepted at load: stdio, the empty environment and arguments, the fd calls that
   * answer {@code EBADF}, and the clock and random calls a function's grants decide at run time.
   *
   * @param name a WASI preview 1 function name
   * @return what the call would need, or null when a module may import it
   */
  static String neverGranted(String name) {
    if (name.startsWith("path_")) {
      return "a filesystem call, which needs a preopened directory: no grant gives a Sluice function"
          + " filesystem access";
    }
    if (name.startsWith("sock_")) {
      return "a socket call, which needs network access: no grant gives a Sluice function a socket";
    }
    if (name.equals("poll_oneoff")) {
      return "which waits on clocks and fds (sleep): no grant lets a Sluice function block";
    }
    if (name.equals("proc_raise")) {
      return "which raises a signal: no grant lets a Sluice function raise one";
    }
    return null;
  }

  /** Parses a compact signature: one letter per value, I for i32 and L for i64. */
  private static FunctionType type(String params, String results) {
    return FunctionType.of(values(params), values(results));
  }

  private static List<ValType> values(String letters) {
    List<ValType> types = new ArrayList<>();
    for (char c : letters.toCharArray()) {
      types.add(c == 'I' ? ValType.I32 : ValType.I64);
    }
    return types;
  }
}
