/**
 * Moving rows into tables and files in bulk: COPY, CREATE TABLE AS and FROM, INSERT of many rows,
 * and the table writer they share, which appends small statements in one write and streams large
 * ones through a storage load, all or nothing either way.
 */
package io.sluice.sql.load;
