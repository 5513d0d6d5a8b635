/** Example data and the example wasm functions shipped with Sluice. */
package io.sluice.examples;
