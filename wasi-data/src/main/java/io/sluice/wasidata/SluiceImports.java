package io.sluice.wasidata;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@code sluice_v1} host functions of one guest instance (ABI.md section 7) and the state they
 * leave behind: the pending error, the return-null flag and the log. Build one per instance, link
 * {@link #toHostFunctions()} into that instance, and give the same object to {@link Guest#attach}.
 * Like the instance, it serves one call at a time.
 */
public final class SluiceImports {
  private static final long[] NO_RESULT = new long[0];
  private static final long PAGE = Memory.PAGE_SIZE;

  private final GuestLog log;
  private String errorMessage;
  private int errorRow = -1;
  private boolean returnedNull;

  /** Host functions with a log of {@link GuestLog#DEFAULT_CAPACITY} bytes. */
  public SluiceImports() {
    this(new GuestLog());
  }

  /**
   * @param log where {@code sluice_v1.log} appends (the runtime feeds WASI stdout/stderr to it too)
   */
  public SluiceImports(GuestLog log) {
    this.log = log;
  }

  /**
   * @return the host functions {@code error}, {@code log} and {@code return_null} of import module
   *     {@code sluice_v1}, bound to this state
   */
  public HostFunction[] toHostFunctions() {
    var types = WasmSignatures.hostFunctions();
    return new HostFunction[] {
      new HostFunction(
          AbiV1.IMPORT_MODULE,
          AbiV1.IMPORT_ERROR,
          types.get(AbiV1.IMPORT_ERROR),
          (Instance instance, long... args) -> {
            error(instance.memory(), (int) args[0], (int) args[1], (int) args[2]);
            return NO_RESULT;
          }),
      new HostFunction(
          AbiV1.IMPORT_MODULE,
          AbiV1.IMPORT_LOG,
          types.get(AbiV1.IMPORT_LOG),
          (Instance instance, long... args) -> {
            log(instance.memory(), (int) args[0], (int) args[1]);
            return NO_RESULT;
          }),
      new HostFunction(
          AbiV1.IMPORT_MODULE,
          AbiV1.IMPORT_RETURN_NULL,
          types.get(AbiV1.IMPORT_RETURN_NULL),
          (Instance instance, long... args) -> {
            returnedNull = true;
            return NO_RESULT;
          })
    };
  }

  /**
   * {@code sluice_v1.error(msg, len, row)}: the first error of a call wins; its message is cut at
   * {@link AbiV1#MAX_ERROR_BYTES} and invalid UTF-8 in it is replaced. A message outside memory
   * traps, like any bad guest access.
   */
  void error(Memory memory, int message, int length, int row) {
    long kept = Math.min(Integer.toUnsignedLong(length), AbiV1.MAX_ERROR_BYTES);
    byte[] bytes = memory.readBytes(message, (int) kept);
    if (errorMessage == null) {
      errorMessage = decodeReplacing(bytes);
      errorRow = row < 0 ? -1 : row;
    }
  }

  /** {@code sluice_v1.log(msg, len)}: appends; only the newest bytes can matter to the log. */
  void log(Memory memory, int message, int length) {
    if (message < 0 || length < 0 || (long) message + length > (long) memory.pages() * PAGE) {
      memory.readBytes(message, length); // traps with Chicory's out-of-bounds message
    }
    int skip = Math.max(0, length - log.capacity());
    byte[] bytes = memory.readBytes(message + skip, length - skip);
    log.append(bytes, 0, bytes.length);
  }

  private static String decodeReplacing(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new AssertionError("a replacing decoder does not throw", e);
    }
  }

  /** Clears the per-call state (error and return-null flag) before the host calls the guest. */
  public void beginCall() {
    errorMessage = null;
    errorRow = -1;
    returnedNull = false;
  }

  /** Clears the return-null flag before each row of a row-ABI call. */
  public void beginRow() {
    returnedNull = false;
  }

  /**
   * @return the message of the error the guest reported in this call, or null
   */
  public String errorMessage() {
    return errorMessage;
  }

  /**
   * @return the row the guest's error concerns, or -1
   */
  public int errorRow() {
    return errorRow;
  }

  /**
   * @return whether the guest called {@code return_null} since the row began
   */
  public boolean returnedNull() {
    return returnedNull;
  }

  /**
   * @return this instance's log
   */
  public GuestLog log() {
    return log;
  }
}
