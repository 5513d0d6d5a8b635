/*
 * sluice.h -- the wasi-data ABI, version 1, and its C guest SDK.
 *
 * This header is the source of truth for the ABI's numbers: status codes, type ids, struct layouts,
 * import and export names. The host mirrors them in io.sluice.wasidata.AbiV1 and a test checks that
 * both agree. The prose specification is wasi-data/docs/ABI.md.
 *
 * The SDK needs C11 and clang's __int128 (for DECIMAL), both in Debian's clang 14.
 *
 * Build a guest with Debian's clang and wasi-libc (no SIMD: the host compiles no simd128):
 *
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -I wasi-data/abi/v1 \
 *         my_udfs.c wasi-data/abi/v1/sluice.c -o my_udfs.wasm
 *
 * A guest declares each function once, with its SQL signature, next to an ordinary C function:
 *
 *   // Row ABI: the host calls the C function once per row, inside one instance.
 *   SLUICE_ROW_FUNCTION(double, add_tax, (double price, double rate),
 *                       "add_tax(price DOUBLE, rate DOUBLE) RETURNS DOUBLE") {
 *     return price * (1 + rate);
 *   }
 *
 *   // Batch ABI: the function sees a whole Arrow batch and builds one output column.
 *   static int upper_ascii(const sluice_call *call, sluice_builder *out) {
 *     const sluice_column *s = &call->args[0];
 *     for (int64_t row = 0; row < call->rows; row++) {
 *       if (sluice_is_null(s, row)) { sluice_append_null(out); continue; }
 *       sluice_bytes v = sluice_get_bytes(s, row);
 *       char *dst = sluice_append_reserve(out, v.len);
 *       if (!dst) return sluice_error_at(row, "out of memory");
 *       for (uint32_t i = 0; i < v.len; i++) dst[i] = (char)toupper(v.ptr[i]);
 *     }
 *     return SLUICE_OK;
 *   }
 *   SLUICE_SCALAR(upper_ascii, "upper_ascii(s VARCHAR) RETURNS VARCHAR")
 */
#ifndef SLUICE_H
#define SLUICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------
 * ABI numbers
 * ---------------------------------------------------------------------------------------------- */

/** The ABI version this header implements; the host reads it from sluice_abi_v1(). */
#define SLUICE_ABI_VERSION 1

/** Name of the custom section that lists the module's functions (one descriptor per line). */
#define SLUICE_FUNCTIONS_SECTION "sluice_v1.functions"

/** Name of the import module that holds the host functions of this ABI version. */
#define SLUICE_IMPORT_MODULE "sluice_v1"

/* Status codes returned by every batch export. Anything else is an error too. */
#define SLUICE_OK 0    /**< done; outputs are complete */
#define SLUICE_MORE 1  /**< table functions only: output is partial, call again for more */
#define SLUICE_ERROR 2 /**< failed; the message was reported through sluice_v1.error */

/* SQL type ids. Stable numbers: they may appear in guest code and logs. */
#define SLUICE_BOOLEAN 1
#define SLUICE_TINYINT 2
#define SLUICE_SMALLINT 3
#define SLUICE_INT 4
#define SLUICE_BIGINT 5
#define SLUICE_FLOAT 6
#define SLUICE_DOUBLE 7
#define SLUICE_DECIMAL 8
#define SLUICE_VARCHAR 9
#define SLUICE_VARBINARY 10
#define SLUICE_DATE 11
#define SLUICE_TIME 12
#define SLUICE_TIMESTAMP 13
#define SLUICE_TIMESTAMP_TZ 14

/** Alignment, in bytes, of every buffer the host writes into guest memory. */
#define SLUICE_BUFFER_ALIGNMENT 16

/** Most arguments a function may take (the row ABI's null mask is one i32). */
#define SLUICE_MAX_ARGS 32

/** Longest error message the host keeps; longer ones are cut. */
#define SLUICE_MAX_ERROR_BYTES 4096

/* ------------------------------------------------------------------------------------------------
 * The Arrow C Data Interface, as laid out on wasm32 (pointers are 4 bytes, int64 is 8-aligned).
 * Offsets: ArrowSchema format 0, name 4, metadata 8, flags 16, n_children 24, children 32,
 * dictionary 36, release 40, private_data 44, size 48. ArrowArray length 0, null_count 8, offset 16,
 * n_buffers 24, n_children 32, buffers 40, children 44, dictionary 48, release 52, private_data 56,
 * size 64.
 * ---------------------------------------------------------------------------------------------- */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char *format;
  const char *name;
  const char *metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema **children;
  struct ArrowSchema *dictionary;
  void (*release)(struct ArrowSchema *);
  void *private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;
  void (*release)(struct ArrowArray *);
  void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#if defined(__wasm32__)
_Static_assert(sizeof(struct ArrowSchema) == 48, "ArrowSchema must be 48 bytes on wasm32");
_Static_assert(offsetof(struct ArrowSchema, format) == 0, "ArrowSchema.format at 0");
_Static_assert(offsetof(struct ArrowSchema, name) == 4, "ArrowSchema.name at 4");
_Static_assert(offsetof(struct ArrowSchema, metadata) == 8, "ArrowSchema.metadata at 8");
_Static_assert(offsetof(struct ArrowSchema, flags) == 16, "ArrowSchema.flags at 16");
_Static_assert(offsetof(struct ArrowSchema, n_children) == 24, "ArrowSchema.n_children at 24");
_Static_assert(offsetof(struct ArrowSchema, children) == 32, "ArrowSchema.children at 32");
_Static_assert(offsetof(struct ArrowSchema, dictionary) == 36, "ArrowSchema.dictionary at 36");
_Static_assert(offsetof(struct ArrowSchema, release) == 40, "ArrowSchema.release at 40");
_Static_assert(offsetof(struct ArrowSchema, private_data) == 44, "ArrowSchema.private_data at 44");
_Static_assert(sizeof(struct ArrowArray) == 64, "ArrowArray must be 64 bytes on wasm32");
_Static_assert(offsetof(struct ArrowArray, length) == 0, "ArrowArray.length at 0");
_Static_assert(offsetof(struct ArrowArray, null_count) == 8, "ArrowArray.null_count at 8");
_Static_assert(offsetof(struct ArrowArray, offset) == 16, "ArrowArray.offset at 16");
_Static_assert(offsetof(struct ArrowArray, n_buffers) == 24, "ArrowArray.n_buffers at 24");
_Static_assert(offsetof(struct ArrowArray, n_children) == 32, "ArrowArray.n_children at 32");
_Static_assert(offsetof(struct ArrowArray, buffers) == 40, "ArrowArray.buffers at 40");
_Static_assert(offsetof(struct ArrowArray, children) == 44, "ArrowArray.children at 44");
_Static_assert(offsetof(struct ArrowArray, dictionary) == 48, "ArrowArray.dictionary at 48");
_Static_assert(offsetof(struct ArrowArray, release) == 52, "ArrowArray.release at 52");
_Static_assert(offsetof(struct ArrowArray, private_data) == 56, "ArrowArray.private_data at 56");
#endif

/* ------------------------------------------------------------------------------------------------
 * What every module exports (implemented by sluice.c)
 * ---------------------------------------------------------------------------------------------- */

/**
 * Read by the host once per instance, right after instantiation (and after _initialize).
 * Offsets on wasm32: abi_version 0, flags 4, borrowed_release 8, reserved 12, size 16.
 */
struct sluice_guest_info {
  uint32_t abi_version; /**< SLUICE_ABI_VERSION */
  uint32_t flags;       /**< 0 in v1 */
  /** A function the host stores in the release field of every struct it writes (borrowed data). */
  void (*borrowed_release)(void *);
  uint32_t reserved; /**< 0 */
};

#if defined(__wasm32__)
_Static_assert(sizeof(struct sluice_guest_info) == 16, "sluice_guest_info must be 16 bytes on wasm32");
_Static_assert(offsetof(struct sluice_guest_info, abi_version) == 0, "abi_version at 0");
_Static_assert(offsetof(struct sluice_guest_info, flags) == 4, "flags at 4");
_Static_assert(offsetof(struct sluice_guest_info, borrowed_release) == 8, "borrowed_release at 8");
_Static_assert(offsetof(struct sluice_guest_info, reserved) == 12, "reserved at 12");
#endif

/* Exports defined in sluice.c (declared here for guests that build outputs by hand). */

/** The guest's ABI description; the host reads it once per instance. */
const struct sluice_guest_info *sluice_abi_v1(void);
/** Allocates a block for the host to write into; NULL when out of memory. */
void *sluice_alloc(uint32_t size, uint32_t align);
/** Frees a block from sluice_alloc. */
void sluice_free(void *ptr, uint32_t size, uint32_t align);
/** Frees every output handed to the host (the host has copied them). */
void sluice_reclaim(void);

/* ------------------------------------------------------------------------------------------------
 * Host functions (import module "sluice_v1")
 * ---------------------------------------------------------------------------------------------- */

#define SLUICE_IMPORT(name) __attribute__((import_module("sluice_v1"), import_name(name)))

/** Reports why the current call fails; row is the batch row it concerns, or -1. */
SLUICE_IMPORT("error") void sluice_host_error(const char *message, uint32_t length, int32_t row);

/** Appends text to the function's captured log (shown with errors; never to the host's stdout). */
SLUICE_IMPORT("log") void sluice_host_log(const char *message, uint32_t length);

/** Row ABI, functions declared NULLS CALLED: the value returned by this call is SQL NULL. */
SLUICE_IMPORT("return_null") void sluice_host_return_null(void);

/* ------------------------------------------------------------------------------------------------
 * Declaring functions
 * ---------------------------------------------------------------------------------------------- */

#define SLUICE_STR_(x) #x
#define SLUICE_STR(x) SLUICE_STR_(x)
#define SLUICE_CAT_(a, b) a##b
#define SLUICE_CAT(a, b) SLUICE_CAT_(a, b)

/**
 * Adds one line to the module's function list (custom section sluice_v1.functions). The text must
 * not contain double quotes or backslashes; see ABI.md for the grammar.
 */
#define SLUICE_DESCRIBE(line)                                                                  \
  __asm__(".section .custom_section.sluice_v1.functions,\"\",@\n.ascii \"" line "\\n\"\n");

/** Exports a C function under its own name. */
#define SLUICE_EXPORT(name) __attribute__((export_name(#name), used))

/**
 * A row-ABI scalar: declares and exports the C function `name`, whose body follows the macro.
 * `signature` is "name(arg TYPE, ...) RETURNS TYPE" followed by optional clauses such as
 * "NULLS CALLED" or "NONDETERMINISTIC".
 */
#define SLUICE_ROW_FUNCTION(ctype, name, params, signature)                                    \
  SLUICE_DESCRIBE("SCALAR " signature " ABI ROW EXPORT " #name)                                \
  SLUICE_EXPORT(name) ctype name params

/** Packs a VARCHAR/VARBINARY row-ABI result: low 32 bits pointer, high 32 bits length. */
static inline int64_t sluice_row_bytes(const void *ptr, uint32_t length) {
  return (int64_t)(((uint64_t)length << 32) | (uint32_t)(uintptr_t)ptr);
}

/* ------------------------------------------------------------------------------------------------
 * Reading a batch
 * ---------------------------------------------------------------------------------------------- */

/** Bytes of one VARCHAR or VARBINARY value; not NUL-terminated. */
typedef struct sluice_bytes {
  const char *ptr;
  uint32_t len;
} sluice_bytes;

/** One input column, decoded from its ArrowSchema/ArrowArray pair. */
typedef struct sluice_column {
  int type;          /**< SLUICE_BOOLEAN ... SLUICE_TIMESTAMP_TZ */
  int32_t precision; /**< DECIMAL only */
  int32_t scale;     /**< DECIMAL only */
  int64_t length;
  int64_t offset;           /**< Arrow offset into the buffers (0 from the Sluice host) */
  const uint8_t *validity;  /**< NULL when no value is null */
  const void *values;       /**< fixed-width values, bits for BOOLEAN, bytes for VARCHAR/VARBINARY */
  const int32_t *offsets;   /**< VARCHAR/VARBINARY only */
  const struct ArrowArray *array;
  const struct ArrowSchema *schema;
} sluice_column;

/** The arguments of one batch call. */
typedef struct sluice_call {
  int64_t rows;
  int n_args;
  sluice_column args[SLUICE_MAX_ARGS];
} sluice_call;

static inline bool sluice_is_null(const sluice_column *c, int64_t row) {
  int64_t i = row + c->offset;
  return c->validity != NULL && !((c->validity[i >> 3] >> (i & 7)) & 1);
}
static inline bool sluice_get_bool(const sluice_column *c, int64_t row) {
  int64_t i = row + c->offset;
  return (((const uint8_t *)c->values)[i >> 3] >> (i & 7)) & 1;
}
static inline int8_t sluice_get_tinyint(const sluice_column *c, int64_t row) {
  return ((const int8_t *)c->values)[row + c->offset];
}
static inline int16_t sluice_get_smallint(const sluice_column *c, int64_t row) {
  return ((const int16_t *)c->values)[row + c->offset];
}
/** INT, and DATE (days since 1970-01-01). */
static inline int32_t sluice_get_int(const sluice_column *c, int64_t row) {
  return ((const int32_t *)c->values)[row + c->offset];
}
/** BIGINT, and TIME / TIMESTAMP / TIMESTAMP_TZ (microseconds). */
static inline int64_t sluice_get_bigint(const sluice_column *c, int64_t row) {
  return ((const int64_t *)c->values)[row + c->offset];
}
static inline float sluice_get_float(const sluice_column *c, int64_t row) {
  return ((const float *)c->values)[row + c->offset];
}
static inline double sluice_get_double(const sluice_column *c, int64_t row) {
  return ((const double *)c->values)[row + c->offset];
}
/** DECIMAL: the unscaled 128-bit two's complement value; the value is unscaled / 10^scale. */
static inline __int128 sluice_get_decimal(const sluice_column *c, int64_t row) {
  __int128 v;
  __builtin_memcpy(&v, (const char *)c->values + 16 * (row + c->offset), 16);
  return v;
}
static inline sluice_bytes sluice_get_bytes(const sluice_column *c, int64_t row) {
  int64_t i = row + c->offset;
  int32_t start = c->offsets[i];
  sluice_bytes b = {(const char *)c->values + start, (uint32_t)(c->offsets[i + 1] - start)};
  return b;
}

/**
 * Decodes a batch ("+s" struct of one child per argument) into `call`. Returns SLUICE_OK, or reports
 * an error and returns SLUICE_ERROR when the batch is not of a type this SDK knows.
 */
int sluice_read_call(const struct ArrowSchema *schema, const struct ArrowArray *batch,
                     sluice_call *call);

/* ------------------------------------------------------------------------------------------------
 * Building an output column. Values are appended in row order. Memory comes from the call's
 * scratch space and belongs to the guest until the host reclaims it (next call or sluice_reclaim).
 * ---------------------------------------------------------------------------------------------- */

typedef struct sluice_builder {
  int type;
  int32_t precision;
  int32_t scale;
  int64_t length;     /**< values appended so far */
  int64_t null_count;
  int64_t capacity;   /**< values that fit before growing */
  uint8_t *validity;  /**< allocated on the first null */
  uint8_t *values;    /**< fixed-width values, bits for BOOLEAN, bytes for VARCHAR/VARBINARY */
  int32_t *offsets;   /**< VARCHAR/VARBINARY */
  int64_t data_capacity;
  bool failed;        /**< an allocation failed; finishing reports it */
} sluice_builder;

/** Prepares `b` for a column of the type described by an ArrowSchema, sized for `rows` values. */
int sluice_builder_init(sluice_builder *b, const struct ArrowSchema *schema, int64_t rows);
/** Prepares `b` for a column of type `type` (DECIMAL needs precision and scale). */
int sluice_builder_init_type(sluice_builder *b, int type, int32_t precision, int32_t scale,
                             int64_t rows);

void sluice_append_null(sluice_builder *b);

/* The fixed-width appends are inline: a batch function appends once per row, and a call per value
 * would cost more than the work. Growing the buffers is the slow path, in sluice.c. */

/** Grows a builder for one more value; false (and b->failed) when memory runs out. Internal. */
bool sluice__grow(sluice_builder *b);

/** Makes room for one more value. Internal. */
static inline bool sluice__room(sluice_builder *b) {
  return !b->failed && (b->length < b->capacity || sluice__grow(b));
}

/** Marks the value about to be appended valid, once a validity bitmap exists. Internal. */
static inline void sluice__valid(sluice_builder *b) {
  if (b->validity) b->validity[b->length >> 3] |= (uint8_t)(1u << (b->length & 7));
}

#define SLUICE__APPEND_FIXED(fn, ctype)                                                        \
  static inline void fn(sluice_builder *b, ctype v) {                                          \
    if (!sluice__room(b)) return;                                                              \
    sluice__valid(b);                                                                          \
    __builtin_memcpy(b->values + (size_t)b->length * sizeof(ctype), &v, sizeof(ctype));        \
    b->length++;                                                                               \
  }

SLUICE__APPEND_FIXED(sluice_append_tinyint, int8_t)
SLUICE__APPEND_FIXED(sluice_append_smallint, int16_t)
/** Also DATE. */
SLUICE__APPEND_FIXED(sluice_append_int, int32_t)
/** Also TIME, TIMESTAMP and TIMESTAMP WITH TIME ZONE. */
SLUICE__APPEND_FIXED(sluice_append_bigint, int64_t)
SLUICE__APPEND_FIXED(sluice_append_float, float)
SLUICE__APPEND_FIXED(sluice_append_double, double)
SLUICE__APPEND_FIXED(sluice_append_decimal, __int128)

static inline void sluice_append_bool(sluice_builder *b, bool v) {
  if (!sluice__room(b)) return;
  sluice__valid(b);
  if (v) b->values[b->length >> 3] |= (uint8_t)(1u << (b->length & 7));
  b->length++;
}

void sluice_append_bytes(sluice_builder *b, const void *ptr, uint32_t len);

/*
 * The fast path for fixed-width results: ask for the values of many rows at once and write them
 * directly, then mark the NULL rows. A batch function over numbers should use it:
 *
 *   double *values = sluice_append_values(out, call->rows);
 *   if (!values) return sluice_error("out of memory");
 *   for (int64_t row = 0; row < call->rows; row++)   // NULL rows compute harmless garbage
 *     values[row] = sluice_get_double(x, row) * 1.5;
 *   return sluice_copy_nulls(out, 0, x, call->rows);
 */

/**
 * Appends `n` values of a fixed-width (not BOOLEAN) column, all valid, and returns where to write
 * them: the builder's values from row b->length - n on, typed by the caller. NULL when out of
 * memory (the builder then fails).
 */
void *sluice_append_values(sluice_builder *b, int64_t n);

/** Makes an appended row NULL (its value is ignored). */
void sluice_set_null(sluice_builder *b, int64_t row);

/**
 * Makes the output rows [first, first + n) NULL wherever the input column's rows [0, n) are NULL:
 * the usual NULL-in, NULL-out rule in one pass over the bitmap. Returns SLUICE_OK, or an error.
 */
int sluice_copy_nulls(sluice_builder *b, int64_t first, const sluice_column *in, int64_t n);
/** Appends a VARCHAR/VARBINARY value of `len` bytes and returns where to write them (or NULL). */
char *sluice_append_reserve(sluice_builder *b, uint32_t len);
/** Like sluice_append_reserve, then sluice_append_shrink can give back what was not used. */
void sluice_append_shrink(sluice_builder *b, uint32_t unused);

/** Hands the built column to the host as `out`. */
int sluice_builder_finish(sluice_builder *b, struct ArrowArray *out);

/* ------------------------------------------------------------------------------------------------
 * Errors, logs and scratch memory
 * ---------------------------------------------------------------------------------------------- */

/** Reports an error (printf format) for the current call; returns SLUICE_ERROR. */
int sluice_error(const char *format, ...) __attribute__((format(printf, 1, 2)));
/** Reports an error about one batch row; returns SLUICE_ERROR. */
int sluice_error_at(int64_t row, const char *format, ...) __attribute__((format(printf, 2, 3)));
/** Writes to the captured log (printf format). */
void sluice_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

/** Memory that lives until the host reclaims the call's outputs; NULL when out of memory. */
void *sluice_scratch(size_t size);

/* ------------------------------------------------------------------------------------------------
 * Batch-ABI scalar functions
 * ---------------------------------------------------------------------------------------------- */

/** A batch scalar: reads `call`, appends exactly call->rows values to `out`. */
typedef int (*sluice_scalar_fn)(const sluice_call *call, sluice_builder *out);

int sluice__run_scalar(sluice_scalar_fn fn, const struct ArrowSchema *in_schema,
                       const struct ArrowArray *in, const struct ArrowSchema *out_schema,
                       struct ArrowArray *out);

/**
 * Exports the batch scalar `fn` as `name` with its SQL signature, e.g.
 * SLUICE_SCALAR(url_host, "url_host(url VARCHAR) RETURNS VARCHAR").
 */
#define SLUICE_SCALAR(fn, signature)                                                           \
  SLUICE_DESCRIBE("SCALAR " signature " ABI BATCH EXPORT " #fn)                                \
  __attribute__((export_name(#fn))) int32_t SLUICE_CAT(sluice__scalar_, fn)(                   \
      const struct ArrowSchema *in_schema, const struct ArrowArray *in,                        \
      const struct ArrowSchema *out_schema, struct ArrowArray *out) {                          \
    return sluice__run_scalar(fn, in_schema, in, out_schema, out);                             \
  }

/* ------------------------------------------------------------------------------------------------
 * Batch-ABI table functions
 * ---------------------------------------------------------------------------------------------- */

/** Output of a table function: the input row of each output row, then the declared columns. */
typedef struct sluice_table_out {
  sluice_builder row;  /**< INT: which input row produced each output row */
  int n_columns;
  sluice_builder columns[SLUICE_MAX_ARGS];
} sluice_table_out;

/** Starts an output row for input row `input_row`; then append one value to every column. */
void sluice_emit_row(sluice_table_out *out, int64_t input_row);

typedef int (*sluice_table_fn)(const sluice_call *call, sluice_table_out *out);

int sluice__run_table(sluice_table_fn fn, const struct ArrowSchema *in_schema,
                      const struct ArrowArray *in, const struct ArrowSchema *out_schema,
                      struct ArrowArray *out);

/**
 * Exports the table function `fn` as `name`, e.g.
 * SLUICE_TABLE(split_words, "split_words(text VARCHAR) RETURNS TABLE(word VARCHAR, pos INT)").
 */
#define SLUICE_TABLE(fn, signature)                                                            \
  SLUICE_DESCRIBE("TABLE " signature " ABI BATCH EXPORT " #fn)                                 \
  __attribute__((export_name(#fn))) int32_t SLUICE_CAT(sluice__table_, fn)(                    \
      const struct ArrowSchema *in_schema, const struct ArrowArray *in,                        \
      const struct ArrowSchema *out_schema, struct ArrowArray *out) {                          \
    return sluice__run_table(fn, in_schema, in, out_schema, out);                              \
  }

/* ------------------------------------------------------------------------------------------------
 * Batch-ABI aggregates
 * ---------------------------------------------------------------------------------------------- */

/** Appends serialized state bytes; used by an aggregate's serialize callback. */
typedef struct sluice_bytes_writer {
  sluice_builder *builder;
  uint32_t used;
  uint32_t reserved;
  char *data;
} sluice_bytes_writer;

/** Appends `len` bytes to the state being serialized; returns false when out of memory. */
bool sluice_write_bytes(sluice_bytes_writer *w, const void *ptr, uint32_t len);

/** What an aggregate is made of. Only init, update, merge and finish are required. */
typedef struct sluice_aggregate {
  uint32_t state_size;
  /** Sets up a fresh state (the memory is zeroed before). */
  int (*init)(void *state);
  /** Folds row `row` of the batch into `state`. */
  int (*update)(void *state, const sluice_call *call, int64_t row);
  /** Folds `from` into `into`; `from` stays valid. */
  int (*merge)(void *into, const void *from);
  /** Appends the state's result (one value) to `out`. */
  int (*finish)(const void *state, sluice_builder *out);
  /** Writes the state's portable bytes; NULL means the state is plain data, copied as is. */
  int (*serialize)(const void *state, sluice_bytes_writer *w);
  /** Rebuilds a state (already init'ed) from serialize's bytes; NULL means copy as is. */
  int (*deserialize)(void *state, const char *bytes, uint32_t len);
  /** Frees what the state points to (not the state itself); may be NULL. */
  void (*destroy)(void *state);
} sluice_aggregate;

int sluice__agg_init(const sluice_aggregate *a, uint32_t n, uint32_t *states_out);
int sluice__agg_update(const sluice_aggregate *a, const uint32_t *states,
                       const struct ArrowSchema *schema, const struct ArrowArray *batch);
int sluice__agg_merge(const sluice_aggregate *a, uint32_t n, const uint32_t *targets,
                      const uint32_t *sources);
int sluice__agg_serialize(const sluice_aggregate *a, uint32_t n, const uint32_t *states,
                          struct ArrowArray *out);
int sluice__agg_deserialize(const sluice_aggregate *a, const struct ArrowSchema *schema,
                            const struct ArrowArray *blobs, uint32_t *states_out);
int sluice__agg_finish(const sluice_aggregate *a, uint32_t n, const uint32_t *states,
                       const struct ArrowSchema *out_schema, struct ArrowArray *out);
int sluice__agg_destroy(const sluice_aggregate *a, uint32_t n, const uint32_t *states);

#define SLUICE__AGG_EXPORT(prefix, suffix) __attribute__((export_name(#prefix "_" #suffix)))

/**
 * Exports the aggregate described by the sluice_aggregate `impl` under `name`, as the seven
 * exports name_init, name_update, name_merge, name_serialize, name_deserialize, name_finish and
 * name_destroy, e.g. SLUICE_AGGREGATE(histogram, "histogram(v DOUBLE) RETURNS VARCHAR", hist).
 */
#define SLUICE_AGGREGATE(name, signature, impl)                                                \
  SLUICE_DESCRIBE("AGGREGATE " signature " ABI BATCH EXPORT " #name)                           \
  SLUICE__AGG_EXPORT(name, init) int32_t SLUICE_CAT(name, __init)(uint32_t n, uint32_t *out) { \
    return sluice__agg_init(&(impl), n, out);                                                  \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, update) int32_t SLUICE_CAT(name, __update)(                         \
      const uint32_t *states, const struct ArrowSchema *schema,                                \
      const struct ArrowArray *batch) {                                                        \
    return sluice__agg_update(&(impl), states, schema, batch);                                 \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, merge) int32_t SLUICE_CAT(name, __merge)(                           \
      uint32_t n, const uint32_t *targets, const uint32_t *sources) {                          \
    return sluice__agg_merge(&(impl), n, targets, sources);                                    \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, serialize) int32_t SLUICE_CAT(name, __serialize)(                   \
      uint32_t n, const uint32_t *states, struct ArrowArray *out) {                            \
    return sluice__agg_serialize(&(impl), n, states, out);                                     \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, deserialize) int32_t SLUICE_CAT(name, __deserialize)(               \
      const struct ArrowSchema *schema, const struct ArrowArray *blobs, uint32_t *out) {       \
    return sluice__agg_deserialize(&(impl), schema, blobs, out);                               \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, finish) int32_t SLUICE_CAT(name, __finish)(                         \
      uint32_t n, const uint32_t *states, const struct ArrowSchema *out_schema,                \
      struct ArrowArray *out) {                                                                \
    return sluice__agg_finish(&(impl), n, states, out_schema, out);                            \
  }                                                                                            \
  SLUICE__AGG_EXPORT(name, destroy) int32_t SLUICE_CAT(name, __destroy)(                       \
      uint32_t n, const uint32_t *states) {                                                    \
    return sluice__agg_destroy(&(impl), n, states);                                            \
  }

#ifdef __cplusplus
}
#endif

#endif /* SLUICE_H */
