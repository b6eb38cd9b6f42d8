/**
 * Reading RFC 7865 recording metadata as vendors send it: hardened XML parsing (no DTD, no external
 * entity, bounded size), vendor dialects rewritten into the RFC's shape (each rewrite reported),
 * participant roles and vendor extensions, into the session's normalised metadata model.
 */
package io.siprec.srs.metadata;
