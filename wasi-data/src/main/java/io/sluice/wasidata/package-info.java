/**
 * The wasi-data ABI v1 as seen from the host: the ABI's numbers ({@link io.sluice.wasidata.AbiV1}),
 * SQL types ({@link io.sluice.wasidata.SqlType}), function descriptors and their parser ({@link
 * io.sluice.wasidata.FunctionDescriptors}), the guest's linear memory ({@link
 * io.sluice.wasidata.GuestMemory}), the {@code sluice_v1} host functions ({@link
 * io.sluice.wasidata.SluiceImports}) and the calling conventions on Arrow vectors ({@link
 * io.sluice.wasidata.Guest}). See {@code wasi-data/docs/HOST.md}.
 */
package io.sluice.wasidata;
