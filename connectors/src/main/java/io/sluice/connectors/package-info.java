/** Moving data into and out of Sluice. */
package io.sluice.connectors;
