/**
 * The storage engine behind {@code io.sluice.storage}: the RocksDB wrapper, key layout, catalog,
 * chunk and column formats, statistics, appends and scan cursors. Not an API: it may change in any
 * release.
 */
package io.sluice.storage.internal;
