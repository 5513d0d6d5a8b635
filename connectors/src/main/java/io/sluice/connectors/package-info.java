/**
 * Moving data into and out of Sluice: files of CSV, Parquet, newline-delimited JSON and Arrow IPC
 * read as Arrow batches of Sluice's column types ({@link io.sluice.connectors.FileSource}), and
 * written from them ({@link io.sluice.connectors.FileSink}).
 *
 * <p>Readers and writers sit behind two small interfaces: a {@link
 * io.sluice.connectors.BatchSource} yields batches with a schema, a {@link
 * io.sluice.connectors.BatchSink} takes them. Which paths a statement may read or write is decided
 * by a {@link io.sluice.connectors.FileAccess}. Bad input is a {@link
 * io.sluice.connectors.ConnectorException} naming the file, the line or row group, the column and
 * the value.
 */
package io.sluice.connectors;
