/**
 * Who may use the admin console: the hashed password (PBKDF2), the generated first password, login
 * throttling and login sessions. No servlet types: the web layer asks, this answers.
 */
package io.siprec.srs.admin.auth;
