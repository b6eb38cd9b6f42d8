/**
 * The admin console over HTTP (javax.servlet 3.0, declared in web.xml): the page and its files, the
 * JSON API, /metrics, /health, login and the filter that guards them. Thin: each servlet asks
 * {@link io.siprec.srs.admin.AdminConsole} or {@link io.siprec.srs.admin.auth.AdminAccess}.
 */
package io.siprec.srs.admin.web;
