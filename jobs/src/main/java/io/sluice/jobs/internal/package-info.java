/**
 * How jobs run: validation ({@code JobPlan}), function loading ({@code FunctionResolver}), map and
 * reduce tasks, the combiner, the shuffle through a temporary table, publication, durable records
 * and the files other processes read. Nothing here is API.
 */
package io.sluice.jobs.internal;
