/**
 * The implementation behind {@code io.sluice.wasidata}: the descriptor parser, the codec between
 * Arrow vectors and guest memory, UTF-8 checks and the calling conventions' inner loops. Nothing
 * here is API; the udf-runtime builds on the root package.
 */
package io.sluice.wasidata.internal;
