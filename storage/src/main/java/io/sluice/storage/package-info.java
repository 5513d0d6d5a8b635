/** Sharded tables of Arrow column chunks kept in RocksDB. */
package io.sluice.storage;
