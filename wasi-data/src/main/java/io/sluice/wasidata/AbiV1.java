package io.sluice.wasidata;

/**
 * The numbers and names of the wasi-data ABI, version 1, mirrored from its source of truth, the C
 * header {@code wasi-data/abi/v1/sluice.h}.
 *
 * <p>Every value is written out as a literal, never computed, so that it can be read next to the
 * header; {@code AbiV1Test} parses the header and fails when the two disagree. A constant named
 * {@code X} mirrors the header's {@code SLUICE_X} (or {@code ARROW_FLAG_X} for the Arrow flags).
 * Struct offsets are those of the wasm32 layout: pointers are 4 bytes and {@code int64_t} is
 * 8-aligned.
 */
public final class AbiV1 {
  private AbiV1() {}

  /** The ABI version this host speaks; {@code sluice_guest_info.abi_version} must hold it. */
  public static final int ABI_VERSION = 1;

  /** Name of the custom section that lists a module's functions, one descriptor per line. */
  public static final String FUNCTIONS_SECTION = "sluice_v1.functions";

  /** Name of the import module that holds this version's host functions. */
  public static final String IMPORT_MODULE = "sluice_v1";

  // ---- status codes returned by batch exports -------------------------------------------------

  /** Done; outputs are complete. */
  public static final int OK = 0;

  /** Table functions only: output is partial, call again with the same input for more. */
  public static final int MORE = 1;

  /** Failed; the message was reported through {@code sluice_v1.error}. */
  public static final int ERROR = 2;

  // ---- SQL type ids ---------------------------------------------------------------------------

  /** Type id of BOOLEAN. */
  public static final int BOOLEAN = 1;

  /** Type id of TINYINT. */
  public static final int TINYINT = 2;

  /** Type id of SMALLINT. */
  public static final int SMALLINT = 3;

  /** Type id of INT. */
  public static final int INT = 4;

  /** Type id of BIGINT. */
  public static final int BIGINT = 5;

  /** Type id of FLOAT. */
  public static final int FLOAT = 6;

  /** Type id of DOUBLE. */
  public static final int DOUBLE = 7;

  /** Type id of DECIMAL(p,s). */
  public static final int DECIMAL = 8;

  /** Type id of VARCHAR. */
  public static final int VARCHAR = 9;

  /** Type id of VARBINARY. */
  public static final int VARBINARY = 10;

  /** Type id of DATE. */
  public static final int DATE = 11;

  /** Type id of TIME. */
  public static final int TIME = 12;

  /** Type id of TIMESTAMP (without time zone). */
  public static final int TIMESTAMP = 13;

  /** Type id of TIMESTAMP WITH TIME ZONE. */
  public static final int TIMESTAMP_TZ = 14;

  // ---- limits and alignment -------------------------------------------------------------------

  /** Alignment, in bytes, of every buffer the host writes into guest memory. */
  public static final int BUFFER_ALIGNMENT = 16;

  /**
   * Alignment, in bytes, of every struct the host writes into guest memory (ABI.md section 4.1; the
   * header has no constant for it, the structs' own alignment on wasm32 is 8).
   */
  public static final int STRUCT_ALIGNMENT = 8;

  /** Most arguments a function may take (the row ABI's null mask is one i32). */
  public static final int MAX_ARGS = 32;

  /** Longest error message the host keeps, in bytes; longer ones are cut. */
  public static final int MAX_ERROR_BYTES = 4096;

  // ---- Arrow C Data Interface flags -----------------------------------------------------------

  /** {@code ArrowSchema.flags}: the dictionary is ordered. */
  public static final int ARROW_FLAG_DICTIONARY_ORDERED = 1;

  /** {@code ArrowSchema.flags}: the field is nullable; the host sets it on every column. */
  public static final int ARROW_FLAG_NULLABLE = 2;

  /** {@code ArrowSchema.flags}: map keys are sorted. */
  public static final int ARROW_FLAG_MAP_KEYS_SORTED = 4;

  // ---- exports every module has (and the optional ones) ---------------------------------------

  /** Export holding the module's one linear memory. */
  public static final String EXPORT_MEMORY = "memory";

  /** Export {@code () -> i32} returning the address of the module's {@code sluice_guest_info}. */
  public static final String EXPORT_ABI = "sluice_abi_v1";

  /** Export {@code (size i32, align i32) -> i32}: allocates a block the host may write. */
  public static final String EXPORT_ALLOC = "sluice_alloc";

  /** Export {@code (ptr i32, size i32, align i32) -> ()}: frees a block from sluice_alloc. */
  public static final String EXPORT_FREE = "sluice_free";

  /** Optional export {@code () -> ()}: the host copied every output; the guest may free them. */
  public static final String EXPORT_RECLAIM = "sluice_reclaim";

  /** Optional export {@code () -> ()} of WASI reactors, called once before anything else. */
  public static final String EXPORT_INITIALIZE = "_initialize";

  // ---- host functions (import module sluice_v1) -----------------------------------------------

  /** Host function {@code (msg i32, len i32, row i32) -> ()}: the current call fails. */
  public static final String IMPORT_ERROR = "error";

  /** Host function {@code (msg i32, len i32) -> ()}: appends to the captured log. */
  public static final String IMPORT_LOG = "log";

  /** Host function {@code () -> ()}: row ABI, NULLS CALLED: the current result is NULL. */
  public static final String IMPORT_RETURN_NULL = "return_null";

  // ---- aggregate export suffixes: an aggregate exported as p has p_init ... p_destroy ---------

  /** Suffix of {@code p_init (n, states_out) -> status}. */
  public static final String AGGREGATE_INIT = "_init";

  /** Suffix of {@code p_update (states, in_schema, in_array) -> status}. */
  public static final String AGGREGATE_UPDATE = "_update";

  /** Suffix of {@code p_merge (n, targets, sources) -> status}. */
  public static final String AGGREGATE_MERGE = "_merge";

  /** Suffix of {@code p_serialize (n, states, out_array) -> status}. */
  public static final String AGGREGATE_SERIALIZE = "_serialize";

  /** Suffix of {@code p_deserialize (in_schema, in_array, states_out) -> status}. */
  public static final String AGGREGATE_DESERIALIZE = "_deserialize";

  /** Suffix of {@code p_finish (n, states, out_schema, out_array) -> status}. */
  public static final String AGGREGATE_FINISH = "_finish";

  /** Suffix of {@code p_destroy (n, states) -> status}. */
  public static final String AGGREGATE_DESTROY = "_destroy";

  // ---- struct ArrowSchema on wasm32 -----------------------------------------------------------

  /** Offset of {@code ArrowSchema.format} (i32 pointer to a NUL-terminated string). */
  public static final int SCHEMA_FORMAT = 0;

  /** Offset of {@code ArrowSchema.name} (i32 pointer). */
  public static final int SCHEMA_NAME = 4;

  /** Offset of {@code ArrowSchema.metadata} (i32 pointer). */
  public static final int SCHEMA_METADATA = 8;

  /** Offset of {@code ArrowSchema.flags} (i64). */
  public static final int SCHEMA_FLAGS = 16;

  /** Offset of {@code ArrowSchema.n_children} (i64). */
  public static final int SCHEMA_N_CHILDREN = 24;

  /** Offset of {@code ArrowSchema.children} (i32 pointer to i32[n_children]). */
  public static final int SCHEMA_CHILDREN = 32;

  /** Offset of {@code ArrowSchema.dictionary} (i32 pointer). */
  public static final int SCHEMA_DICTIONARY = 36;

  /** Offset of {@code ArrowSchema.release} (i32 function-table index). */
  public static final int SCHEMA_RELEASE = 40;

  /** Offset of {@code ArrowSchema.private_data} (i32 pointer). */
  public static final int SCHEMA_PRIVATE_DATA = 44;

  /** Size of {@code ArrowSchema}. */
  public static final int SCHEMA_SIZE = 48;

  // ---- struct ArrowArray on wasm32 ------------------------------------------------------------

  /** Offset of {@code ArrowArray.length} (i64). */
  public static final int ARRAY_LENGTH = 0;

  /** Offset of {@code ArrowArray.null_count} (i64). */
  public static final int ARRAY_NULL_COUNT = 8;

  /** Offset of {@code ArrowArray.offset} (i64). */
  public static final int ARRAY_OFFSET = 16;

  /** Offset of {@code ArrowArray.n_buffers} (i64). */
  public static final int ARRAY_N_BUFFERS = 24;

  /** Offset of {@code ArrowArray.n_children} (i64). */
  public static final int ARRAY_N_CHILDREN = 32;

  /** Offset of {@code ArrowArray.buffers} (i32 pointer to i32[n_buffers]). */
  public static final int ARRAY_BUFFERS = 40;

  /** Offset of {@code ArrowArray.children} (i32 pointer to i32[n_children]). */
  public static final int ARRAY_CHILDREN = 44;

  /** Offset of {@code ArrowArray.dictionary} (i32 pointer). */
  public static final int ARRAY_DICTIONARY = 48;

  /** Offset of {@code ArrowArray.release} (i32 function-table index). */
  public static final int ARRAY_RELEASE = 52;

  /** Offset of {@code ArrowArray.private_data} (i32 pointer). */
  public static final int ARRAY_PRIVATE_DATA = 56;

  /** Size of {@code ArrowArray}. */
  public static final int ARRAY_SIZE = 64;

  // ---- struct sluice_guest_info on wasm32 -----------------------------------------------------

  /** Offset of {@code sluice_guest_info.abi_version} (u32). */
  public static final int GUEST_INFO_ABI_VERSION = 0;

  /** Offset of {@code sluice_guest_info.flags} (u32, 0 in v1). */
  public static final int GUEST_INFO_FLAGS = 4;

  /** Offset of {@code sluice_guest_info.borrowed_release} (u32 function-table index). */
  public static final int GUEST_INFO_BORROWED_RELEASE = 8;

  /** Offset of {@code sluice_guest_info.reserved} (u32, 0). */
  public static final int GUEST_INFO_RESERVED = 12;

  /** Size of {@code sluice_guest_info}. */
  public static final int GUEST_INFO_SIZE = 16;
}
