/**
 * Container shim: an inert replacement for Restcomm's phone-home statistics reporter. Not our
 * namespace by choice; the class name must match the one Restcomm's dispatcher links against.
 */
package org.restcomm.commons.statistics.reporter;
