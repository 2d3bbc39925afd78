package io.github.emailauth.policy;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One declared DKIM selector. Every field but {@code selector} may be null (not declared).
 *
 * @param publicKey the key file as written in the policy
 * @param publicKeyPath the key file resolved against the policy file's folder
 * @param minBits the smallest acceptable RSA size (default 2048 when null)
 * @param revoked the key must be published with an empty {@code p=}
 * @param retireAfter after this date the key must no longer be published
 * @param testing {@code t=y} is expected; otherwise the key is production and {@code t=y} is drift
 * @param cname the expected CNAME target when the selector is delegated to a provider
 */
public record DkimSelector(
    String selector,
    String publicKey,
    Path publicKeyPath,
    Integer minBits,
    boolean revoked,
    LocalDate retireAfter,
    boolean testing,
    String cname,
    KeyPositions positions) {}
