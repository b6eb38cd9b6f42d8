/** The application inside the webapp: CDI start-up and the start and stop order of its parts. */
package io.siprec.srs.app;
