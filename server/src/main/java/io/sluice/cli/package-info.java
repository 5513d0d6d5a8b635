/**
 * The {@code sluice} command line: one picocli command per verb ({@code demo}, {@code sql}, ...).
 */
package io.sluice.cli;
