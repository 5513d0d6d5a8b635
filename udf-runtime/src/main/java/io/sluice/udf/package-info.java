/** The wasm UDF sandbox: load a module, then call its functions on Arrow batches within limits. */
package io.sluice.udf;
