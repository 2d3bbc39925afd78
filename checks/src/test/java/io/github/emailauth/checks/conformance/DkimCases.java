package io.github.emailauth.checks.conformance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * DKIM key-record conformance cases: one TXT record at {@value #NAME}, built from freshly generated
 * keys in the encodings and with the tags publishers use, right and wrong. Both sides fetch it and
 * say whether a verifier would use the key for an {@code rsa-sha256} (or, for Ed25519, {@code
 * ed25519-sha256}) email signature, and if so its type and size.
 *
 * <p>A case is {@code {"id", "group", "title", "tags", "name", "zone", "faults"}}.
 */
final class DkimCases {
  static final String NAME = "sel._domainkey.example.com";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int[] RSA_BITS = {512, 768, 1023, 1024, 2048, 3072, 4096};

  private final Random rnd;
  private final Map<String, byte[]> spki = new LinkedHashMap<>();
  private final Map<String, byte[]> pkcs8 = new LinkedHashMap<>();
  private final List<ObjectNode> out = new ArrayList<>();

  private DkimCases(long seed) {
    this.rnd = new Random(seed ^ 0x444b494dL);
    try {
      SecureRandom keyRandom = SecureRandom.getInstance("SHA1PRNG");
      keyRandom.setSeed(seed);
      for (int bits : RSA_BITS) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, keyRandom);
        KeyPair pair = g.generateKeyPair();
        spki.put("rsa" + bits, pair.getPublic().getEncoded());
        pkcs8.put("rsa" + bits, pair.getPrivate().getEncoded());
      }
      KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
      ed.initialize(255, keyRandom);
      KeyPair pair = ed.generateKeyPair();
      spki.put("ed25519", pair.getPublic().getEncoded());
      pkcs8.put("ed25519", pair.getPrivate().getEncoded());
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(256, keyRandom);
      spki.put("ec256", ec.generateKeyPair().getPublic().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<ObjectNode> generate(long seed, int random) {
    DkimCases g = new DkimCases(seed);
    g.edgeCases();
    for (int i = 0; i < random; i++) {
      g.random(String.format(Locale.ROOT, "dkim-r%05d", i));
    }
    return g.out;
  }

  private String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private byte[] rawEd25519() {
    byte[] s = spki.get("ed25519");
    return Arrays.copyOfRange(s, s.length - 32, s.length);
  }

  private byte[] pkcs1(String key) {
    try {
      return SubjectPublicKeyInfo.getInstance(spki.get(key)).parsePublicKey().getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void add(String id, String group, String title, Set<String> tags, String record) {
    ObjectNode c = JSON.objectNode();
    c.put("id", id);
    c.put("group", group);
    c.put("title", title);
    tags.forEach(c.putArray("tags")::add);
    c.put("name", NAME);
    Zone zone = new Zone();
    zone.add(NAME, "TXT", chunks(record));
    zone.writeTo(c);
    out.add(c);
  }

  private void edge(String id, String title, String record) {
    add("dkim-e-" + id, "edge", title, Set.of("edge"), record);
  }

  private static List<String> chunks(String text) {
    List<String> strings = new ArrayList<>();
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length <= 255) {
      strings.add(text);
      return strings;
    }
    // at most 255 octets each: 255 characters of ASCII, fewer when a character takes more
    int step = b.length == text.length() ? 255 : 85;
    for (int i = 0; i < text.length(); i += step) {
      strings.add(text.substring(i, Math.min(text.length(), i + step)));
    }
    return strings;
  }

  private void edgeCases() {
    String k2048 = b64(spki.get("rsa2048"));
    String ed = b64(rawEd25519());
    edge("rsa2048", "v=DKIM1; k=rsa; p=<2048-bit SPKI>", "v=DKIM1; k=rsa; p=" + k2048);
    edge("no-v-no-k", "p= only", "p=" + k2048);
    edge("revoked", "empty p=", "v=DKIM1; p=");
    edge("no-p", "no p= at all", "v=DKIM1; k=rsa");
    edge("v-lower", "v=dkim1", "v=dkim1; p=" + k2048);
    edge("v-not-first", "v= after p=", "p=" + k2048 + "; v=DKIM1");
    edge("v-dkim2", "v=DKIM2", "v=DKIM2; p=" + k2048);
    edge("k-upper", "k=RSA", "v=DKIM1; k=RSA; p=" + k2048);
    edge("k-unknown", "k=dsa", "v=DKIM1; k=dsa; p=" + k2048);
    edge("ed25519", "k=ed25519 raw key", "v=DKIM1; k=ed25519; p=" + ed);
    edge(
        "ed25519-spki",
        "k=ed25519 SPKI-wrapped",
        "v=DKIM1; k=ed25519; p=" + b64(spki.get("ed25519")));
    edge("ed25519-no-k", "raw Ed25519 key without k=", "v=DKIM1; p=" + ed);
    edge("ed25519-k-rsa", "raw Ed25519 key with k=rsa", "v=DKIM1; k=rsa; p=" + ed);
    edge("rsa-k-ed25519", "RSA key with k=ed25519", "v=DKIM1; k=ed25519; p=" + k2048);
    edge("pkcs1", "bare PKCS#1 RSAPublicKey", "v=DKIM1; k=rsa; p=" + b64(pkcs1("rsa2048")));
    edge("rsa1024", "1024-bit key", "v=DKIM1; p=" + b64(spki.get("rsa1024")));
    edge("rsa1023", "1023-bit key", "v=DKIM1; p=" + b64(spki.get("rsa1023")));
    edge("rsa512", "512-bit key", "v=DKIM1; p=" + b64(spki.get("rsa512")));
    edge("rsa4096", "4096-bit key", "v=DKIM1; p=" + b64(spki.get("rsa4096")));
    edge("ec", "an EC P-256 key", "v=DKIM1; p=" + b64(spki.get("ec256")));
    edge("private", "a private key in p=", "v=DKIM1; p=" + b64(pkcs8.get("rsa1024")));
    edge("truncated", "p= cut short", "v=DKIM1; p=" + k2048.substring(0, k2048.length() - 8));
    edge("no-padding", "p= without its = padding", "v=DKIM1; p=" + k2048.replace("=", ""));
    edge("spaces-in-p", "whitespace inside p=", "v=DKIM1; p=" + spaced(k2048));
    edge(
        "bad-char",
        "a * inside p=",
        "v=DKIM1; p=" + k2048.substring(0, 20) + "*" + k2048.substring(21));
    edge("quoted-p", "quotes pasted into p=", "v=DKIM1; p=\"" + k2048 + "\"");
    edge("h-sha1", "h=sha1 only", "v=DKIM1; h=sha1; p=" + k2048);
    edge("h-sha256", "h=sha256", "v=DKIM1; h=sha256; p=" + k2048);
    edge("h-both", "h=sha1:sha256", "v=DKIM1; h=sha1:sha256; p=" + k2048);
    edge("s-other", "s=tlsrpt", "v=DKIM1; s=tlsrpt; p=" + k2048);
    edge("s-email", "s=email", "v=DKIM1; s=email; p=" + k2048);
    edge("t-y", "t=y", "v=DKIM1; t=y; p=" + k2048);
    edge("dup-p", "p= twice", "v=DKIM1; p=" + k2048 + "; p=" + k2048);
    edge("dup-k", "k= twice", "v=DKIM1; k=rsa; k=rsa; p=" + k2048);
    edge("unknown-tag", "an unknown tag", "v=DKIM1; x=1; p=" + k2048);
    edge("bad-tag-name", "a tag name starting with a digit", "v=DKIM1; 1x=1; p=" + k2048);
    edge("trailing-semi", "a trailing ;", "v=DKIM1; p=" + k2048 + ";");
    edge("empty-tag", "an empty tag between ;;", "v=DKIM1;; p=" + k2048);
    edge("no-semi", "tags without ;", "v=DKIM1 p=" + k2048);
    edge("spaces-eq", "spaces around =", "v = DKIM1 ; p = " + k2048);
    edge("non-ascii-note", "non-ASCII in n=", "v=DKIM1; n=caf\u00e9; p=" + k2048);
    edge("garbage", "not base64 at all", "v=DKIM1; p=hello-world");
    edge("spf", "an SPF record at the selector", "v=spf1 -all");
    edge("empty", "an empty record", "");
  }

  private String spaced(String b64) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 64) {
      s.append(b64, i, Math.min(b64.length(), i + 64));
      if (i + 64 < b64.length()) {
        s.append(' ');
      }
    }
    return s.toString();
  }

  private void random(String id) {
    Set<String> tags = new TreeSet<>();
    String key;
    String p;
    boolean ed = rnd.nextInt(5) == 0;
    if (ed) {
      key = "ed25519";
      p = rnd.nextInt(5) == 0 ? b64(spki.get("ed25519")) : b64(rawEd25519());
      tags.add(p.length() > 44 ? "ed25519-spki" : "ed25519");
    } else {
      key = "rsa" + RSA_BITS[rnd.nextInt(RSA_BITS.length)];
      p = rnd.nextInt(10) == 0 ? b64(pkcs1(key)) : b64(spki.get(key));
      tags.add(key);
    }
    int damage = rnd.nextInt(30);
    if (damage == 0) {
      p = p.substring(0, p.length() - 1 - rnd.nextInt(6));
      tags.add("truncated");
    } else if (damage == 1) {
      p = p.replace("=", "");
      tags.add("no-padding");
    } else if (damage == 2) {
      p = spaced(p);
      tags.add("spaces-in-p");
    } else if (damage == 3) {
      p = "";
      tags.add("revoked");
    } else if (damage == 4) {
      p = b64(pkcs8.get(ed ? "ed25519" : "rsa1024"));
      tags.add("private");
    } else if (damage == 5) {
      p = b64(spki.get("ec256"));
      tags.add("ec");
    }
    List<String> t = new ArrayList<>();
    if (rnd.nextInt(10) < 7) {
      int v = rnd.nextInt(20);
      t.add("v=" + (v < 17 ? "DKIM1" : pick("dkim1", "DKIM2", "Dkim1")));
      if (v >= 17) {
        tags.add("v-variant");
      }
    }
    int k = rnd.nextInt(20);
    if (ed ? k < 17 : k < 12) {
      t.add("k=" + (ed ? "ed25519" : "rsa"));
    } else if (k >= 17) {
      t.add("k=" + pick("RSA", "ED25519", "dsa", ed ? "rsa" : "ed25519", ""));
      tags.add("k-variant");
    }
    if (rnd.nextInt(8) == 0) {
      t.add("h=" + pick("sha256", "sha1", "sha1:sha256", "SHA256", "sha512"));
      tags.add("h");
    }
    if (rnd.nextInt(10) == 0) {
      t.add("s=" + pick("email", "*", "tlsrpt", "email:tlsrpt", "EMAIL"));
      tags.add("s");
    }
    if (rnd.nextInt(10) == 0) {
      t.add("t=" + pick("y", "s", "y:s", "x"));
      tags.add("t");
    }
    if (rnd.nextInt(15) == 0) {
      t.add(pick("n=notes here", "x=1", "n=caf\u00e9", "1x=2", "=3", "n"));
      tags.add("other-tag");
    }
    if (rnd.nextInt(10) < 9) {
      t.add("p=" + p);
    } else {
      tags.add("no-p");
    }
    if (rnd.nextInt(25) == 0 && !t.isEmpty()) {
      t.add(t.get(rnd.nextInt(t.size())));
      tags.add("duplicate");
    }
    if (rnd.nextInt(12) == 0) {
      java.util.Collections.shuffle(t, rnd);
      tags.add("shuffled");
    }
    String sep = pick("; ", "; ", ";", " ; ", ";\t");
    if (rnd.nextInt(40) == 0) {
      sep = " ";
      tags.add("space-separated");
    }
    String text = String.join(sep, t);
    if (rnd.nextInt(5) == 0) {
      text += ";";
    }
    add(id, "random", "random", tags, text);
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }
}
