package io.sluice.udf.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import io.sluice.udf.UdfException;
import io.sluice.udf.UdfLimits;
import io.sluice.wasidata.CallMetrics;
import io.sluice.wasidata.Guest;
import io.sluice.wasidata.GuestException;
import io.sluice.wasidata.GuestLog;
import io.sluice.wasidata.GuestMemory;
import io.sluice.wasidata.OutputLimits;
import io.sluice.wasidata.SluiceImports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes instances of one module under one set of limits: Chicory instance on a capped {@link
 * GuestMemory}, the {@code sluice_v1} host functions and Sluice's WASI linked in, {@code
 * _initialize} run and the guest info read (by {@link Guest#attach}), then the post-initialization
 * image taken for resets.
 *
 * <p>Instantiation runs guest code (a start function, {@code _initialize}), so it runs under the
 * call time limit like any call: a module that never finishes initializing cannot hang its caller.
 */
public final class InstanceFactory {

  private final CodeRegistry.LoadedCode code;
  private final UdfLimits limits;
  private final Environment environment;
  private final CallMetrics metrics;

  /**
   * @param code the module's code
   * @param limits memory cap, time limit, output cap, log size and grants of the instances
   * @param environment clock, random source and watchdog
   * @param metrics receives the cost of every call the instances make
   */
  public InstanceFactory(
      CodeRegistry.LoadedCode code,
      UdfLimits limits,
      Environment environment,
      CallMetrics metrics) {
    this.code = code;
    this.limits = limits;
    this.environment = environment;
    this.metrics = metrics;
  }

  /**
   * Refuses limits under which the module cannot even start.
   *
   * @param code the module's code
   * @param limits the limits of a function of it
   * @throws UdfException INVALID_MODULE when the module's initial memory exceeds the memory cap
   */
  public static void checkInitialMemory(CodeRegistry.LoadedCode code, UdfLimits limits) {
    long initialBytes = (long) ModuleShape.initialPages(code.module()) * UdfLimits.PAGE_BYTES;
    if (initialBytes > limits.memoryBytes()) {
      throw UdfErrors.initialMemoryTooLarge(code.sha256(), initialBytes, limits.memoryBytes());
    }
  }

  /**
   * @return a new instance, initialized, with its reset image taken
   * @throws UdfException INVALID_MODULE when instantiation or initialization fails or does not
   *     finish within the time limit; CANCELLED when the calling thread is interrupted
   */
  public GuestInstance create() {
    checkInitialMemory(code, limits);
    SluiceImports imports = new SluiceImports(new GuestLog(limits.logBytes()));
    WasiPolicy wasi =
        new WasiPolicy(limits.grants(), environment.clock(), environment.random(), imports.log());
    List<ImportFunction> functions = new ArrayList<>(Arrays.asList(imports.toHostFunctions()));
    for (HostFunction function : wasi.hostFunctions(code.module())) {
      functions.add(function);
    }
    Instance.Builder builder =
        Instance.builder(code.module())
            .withMemoryFactory(GuestMemory.factory(limits.memoryPages()))
            .withImportValues(ImportValues.builder().withFunctions(functions).build())
            // Only reactors are Sluice modules: a command's _start would run main() and exit.
            .withStart(false);
    if (code.code().machineFactory() != null) {
      builder.withMachineFactory(code.code().machineFactory());
    }
    try (Deadline deadline = environment.watchdog().arm(limits.callTimeout())) {
      try {
        Guest guest =
            Guest.attach(
                builder.build(),
                imports,
                new OutputLimits(limits.maxOutputRows(), limits.maxOutputBytes()),
                metrics);
        return new GuestInstance(guest);
      } catch (ChicoryInterruptedException e) {
        if (!deadline.fired()) {
          throw UdfException.builder(
                  UdfException.Category.CANCELLED, "instantiating the wasm module was cancelled")
              .module(code.sha256())
              .cause(e)
              .build();
        }
        throw UdfErrors.invalidModule(
            code.sha256(),
            "its initialization did not finish within the "
                + UdfLimits.describe(limits.callTimeout())
                + " time limit",
            e);
      } catch (GuestException e) {
        throw UdfException.builder(
                UdfException.Category.INVALID_MODULE,
                "invalid wasm module: its initialization failed: " + e.getMessage())
            .module(code.sha256())
            .guestLog(e.logTail())
            .cause(e)
            .build();
      } catch (ChicoryException e) {
        throw UdfErrors.invalidModule(
            code.sha256(), "it cannot be instantiated: " + e.getMessage(), e);
      }
    }
  }
}
