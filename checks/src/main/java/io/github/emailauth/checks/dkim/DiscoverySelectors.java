package io.github.emailauth.checks.dkim;

import java.util.List;

/**
 * Selectors that mail providers and common software use, probed on every domain so that live keys
 * the policy does not declare come to light. DNS cannot enumerate selectors (RFC 6376 §3.1), so a
 * list is the best a checker can do. docs/dkim.md lists them with their providers; keep the two in
 * sync.
 */
final class DiscoverySelectors {
  static final List<String> BUILT_IN =
      List.of(
          "google", // Google Workspace
          "selector1", // Microsoft 365 (CNAME into the tenant's zone)
          "selector2", // Microsoft 365
          "k1", // Mailchimp / Mandrill, Mailgun
          "k2", // Mailchimp
          "k3", // Mailchimp
          "s1", // SendGrid (CNAME)
          "s2", // SendGrid (CNAME)
          "smtpapi", // SendGrid, older accounts
          "mandrill", // Mandrill
          "amazonses", // Amazon SES (legacy TXT keys)
          "everlytickey1", // Everlytic
          "everlytickey2", // Everlytic
          "mxvault", // MXVault
          "protonmail", // Proton Mail
          "protonmail2",
          "protonmail3",
          "fm1", // Fastmail
          "fm2",
          "fm3",
          "sig1", // iCloud+ custom domains
          "mailjet", // Mailjet
          "mx", // Mailgun
          "cm", // Campaign Monitor
          "zendesk1", // Zendesk
          "zendesk2",
          "default", // cPanel, Plesk, many self-hosted setups
          "dkim",
          "mail",
          "smtp",
          "dk",
          "s1024", // older large senders
          "s2048");

  private DiscoverySelectors() {}
}
