/** Runs every experiment and writes the results report. */
package org.fer.bench;
