/**
 * Public only so that other packages of this module (and its test-jar) can use it; not API. May
 * change without notice.
 */
package io.sluice.catalog.internal;
