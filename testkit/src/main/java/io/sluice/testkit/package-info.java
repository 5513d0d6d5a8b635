/**
 * Shared test fixtures for every Sluice module: Arrow allocators that fail a test when it leaks,
 * and the example wasm corpus. Used in test scope only.
 */
package io.sluice.testkit;
