/**
 * The wasi-data ABI v1 as seen from the host: type codes, the function descriptor and the codec.
 */
package io.sluice.wasidata;
