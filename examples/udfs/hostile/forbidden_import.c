/*
 * hostile/forbidden_import.c -- imports a function the ABI does not allow: `env.system`, as a C
 * program would to run a shell command. The rest of the module is valid.
 *
 * Expected at load time, before anything runs: the module is refused with a message naming the
 * import, e.g. "import env.system is not allowed: a module may import only sluice_v1 functions
 * and wasi_snapshot_preview1".
 */
#include "sluice.h"

SLUICE_DESCRIBE("# hostile: imports env.system, which no host provides; "
                "expected: refused at load time naming the import env.system")

__attribute__((import_module("env"), import_name("system")))
int32_t host_system(const char *command);

SLUICE_ROW_FUNCTION(int32_t, run_command, (int32_t x), "run_command(x INT) RETURNS INT") {
  return x == 0 ? host_system("cat /etc/passwd") : x;
}
