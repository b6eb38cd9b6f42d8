/**
 * The admin console's read model: read-only views over the session core, the SIP edge's counts, the
 * media gateway, the publishers and the archive, as JSON, Prometheus metrics and health. No servlet
 * types here ({@code admin.web} serves it, {@code admin.auth} guards it).
 */
package io.siprec.srs.admin;
