package io.sluice.wasidata;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads the committed test guests (built by {@code src/test/c/build.sh}) and opens {@link Guest}s
 * on them, interpreted or compiled, with WASI linked but granting nothing and its output captured
 * in the guest's log.
 */
final class TestGuests {
  static final byte[] CODEC_BYTES = resource("guests/codec_guest.wasm");
  static final WasmModule CODEC = Parser.parse(CODEC_BYTES);
  private static final Map<String, FunctionDescriptor> CODEC_FUNCTIONS = new LinkedHashMap<>();
  private static Function<Instance, Machine> compiledCodec;

  static {
    for (FunctionDescriptor f : FunctionDescriptors.read(CODEC_BYTES)) {
      CODEC_FUNCTIONS.put(f.name(), f);
    }
  }

  private TestGuests() {}

  /**
   * @return the codec guest's function of that name, as its custom section describes it
   */
  static FunctionDescriptor function(String name) {
    FunctionDescriptor f = CODEC_FUNCTIONS.get(name);
    if (f == null) {
      throw new IllegalArgumentException("codec_guest.wasm describes no function " + name);
    }
    return f;
  }

  static List<FunctionDescriptor> functions() {
    return List.copyOf(CODEC_FUNCTIONS.values());
  }

  static Guest codec(boolean compiled) {
    return open(CODEC, compiled, OutputLimits.UNLIMITED, CallMetrics.NONE);
  }

  static Guest codec(boolean compiled, OutputLimits limits, CallMetrics metrics) {
    return open(CODEC, compiled, limits, metrics);
  }

  static synchronized Function<Instance, Machine> compiledCodec() {
    if (compiledCodec == null) {
      compiledCodec = MachineFactoryCompiler.compile(CODEC); // compile once for all tests
    }
    return compiledCodec;
  }

  static Guest open(WasmModule module, boolean compiled, OutputLimits limits, CallMetrics metrics) {
    SluiceImports imports = new SluiceImports();
    WasiPreview1 wasi =
        WasiPreview1.builder()
            .withOptions(
                WasiOptions.builder()
                    .withStdout(imports.log().asOutputStream())
                    .withStderr(imports.log().asOutputStream())
                    .build())
            .build();
    Instance.Builder builder =
        Instance.builder(module)
            .withMemoryFactory(GuestMemory::new)
            .withImportValues(
                ImportValues.builder()
                    .addFunction(imports.toHostFunctions())
                    .addFunction(wasi.toHostFunctions())
                    .build());
    if (compiled) {
      builder.withMachineFactory(
          module == CODEC ? compiledCodec() : MachineFactoryCompiler.compile(module));
    }
    return Guest.attach(builder.build(), imports, limits, metrics);
  }

  private static byte[] resource(String name) {
    try (InputStream in = TestGuests.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing: run src/test/c/build.sh");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
