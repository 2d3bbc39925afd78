package io.github.emailauth.checks.engine;

import java.util.ArrayList;
import java.util.List;

/** The protocol modules a run uses by default. */
public final class ProtocolModules {
  private ProtocolModules() {}

  /**
   * Every protocol module, in the order their findings of equal rank are listed. Adding a protocol
   * is one line here.
   */
  public static List<ProtocolModule> all() {
    List<ProtocolModule> modules = new ArrayList<>();
    modules.add(new io.github.emailauth.checks.mx.MxModule());
    modules.add(new io.github.emailauth.checks.dmarc.DmarcModule());
    modules.add(new io.github.emailauth.checks.spf.SpfModule());
    modules.add(new io.github.emailauth.checks.dkim.DkimModule());
    modules.add(new io.github.emailauth.checks.mtasts.MtaStsModule());
    modules.add(new io.github.emailauth.checks.tlsrpt.TlsRptModule());
    return List.copyOf(modules);
  }
}
