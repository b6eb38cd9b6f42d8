/**
 * Settings: every key with its default, read once from properties, environment and file, validated
 * as a whole.
 */
package io.siprec.srs.config;
