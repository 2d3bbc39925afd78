/**
 * The Maven goals of emailauth. Mojos only map parameters to engine options, call the engine in
 * {@code io.github.emailauth.checks.engine}, render its report, and pick the Maven exception.
 */
package io.github.emailauth.maven;
