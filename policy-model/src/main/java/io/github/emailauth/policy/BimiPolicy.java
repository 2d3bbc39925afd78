package io.github.emailauth.policy;

/**
 * The declared BIMI record. {@code selector} defaults to {@code default}; {@code logoFile} and
 * {@code authorityFile} are repository files resolved against the policy file's folder.
 */
public record BimiPolicy(
    String selector,
    String logo,
    String logoFile,
    String authority,
    String authorityFile,
    KeyPositions positions) {}
