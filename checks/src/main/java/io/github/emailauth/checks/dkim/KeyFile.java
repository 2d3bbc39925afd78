package io.github.emailauth.checks.dkim;

import io.github.emailauth.checks.dkim.KeyCodec.KeyFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A declared key file ({@code publicKey: keys/google.pub}): PEM or DER, a public key (SPKI "PUBLIC
 * KEY" or PKCS#1 "RSA PUBLIC KEY") or a private key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE
 * KEY", whose public key is derived), RSA or Ed25519.
 */
sealed interface KeyFile {
  /** Key files are a few kilobytes; a bigger file is the wrong file, and is not read whole. */
  int MAX_BYTES = 64 * 1024;

  /**
   * @param format for messages: "PEM PUBLIC KEY (SubjectPublicKeyInfo)"
   * @param privateKey the file holds a private key (which should not live in a repository)
   */
  record Loaded(PublicKeyMaterial key, String format, boolean privateKey) implements KeyFile {}

  record Unreadable(String problem) implements KeyFile {}

  static KeyFile read(Path path) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      return new Unreadable("file not found: " + path);
    } catch (IOException e) {
      return new Unreadable("cannot read " + path + ": " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      return new Unreadable(
          path + " is larger than " + MAX_BYTES / 1024 + " KiB: not a DKIM key file");
    }
    return parse(bytes);
  }

  /** Reads key file content; no I/O. */
  static KeyFile parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN ")) {
      return pem(text);
    }
    return der(bytes);
  }

  private static KeyFile pem(String text) {
    List<String> seen = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject object;
      while ((object = reader.readPemObject()) != null) {
        String type = object.getType();
        seen.add(type);
        for (Object h : object.getHeaders()) {
          if (h instanceof PemHeader header
              && header.getName().equalsIgnoreCase("Proc-Type")
              && header.getValue().contains("ENCRYPTED")) {
            return encrypted();
          }
        }
        byte[] der = object.getContent();
        try {
          switch (type) {
            case "PUBLIC KEY":
              return new Loaded(
                  KeyCodec.fromSpki(der), "PEM PUBLIC KEY (SubjectPublicKeyInfo)", false);
            case "RSA PUBLIC KEY":
              return new Loaded(
                  KeyCodec.fromPkcs1Public(der), "PEM RSA PUBLIC KEY (PKCS#1)", false);
            case "PRIVATE KEY":
              return new Loaded(KeyCodec.fromPkcs8(der), "PEM PRIVATE KEY (PKCS#8)", true);
            case "RSA PRIVATE KEY":
              return new Loaded(
                  KeyCodec.fromPkcs1Private(der), "PEM RSA PRIVATE KEY (PKCS#1)", true);
            case "ENCRYPTED PRIVATE KEY":
              return encrypted();
            default:
              // another block (EC PARAMETERS, CERTIFICATE): look further
          }
        } catch (KeyFormatException e) {
          return new Unreadable("PEM " + type + " block: " + e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Unreadable("damaged PEM: " + e.getMessage());
    }
    return new Unreadable(
        "no key in the PEM file"
            + (seen.isEmpty() ? "" : " (found " + String.join(", ", seen) + ")")
            + "; expected PUBLIC KEY, RSA PUBLIC KEY, PRIVATE KEY or RSA PRIVATE KEY");
  }

  private static KeyFile der(byte[] der) {
    try {
      return new Loaded(KeyCodec.fromSpki(der), "DER SubjectPublicKeyInfo", false);
    } catch (KeyFormatException e) {
      // try the next structure
    }
    try {
      return new Loaded(KeyCodec.fromPkcs1Public(der), "DER PKCS#1 RSAPublicKey", false);
    } catch (KeyFormatException e) {
      // next
    }
    try {
      return new Loaded(KeyCodec.fromPkcs8(der), "DER PKCS#8 private key", true);
    } catch (KeyFormatException e) {
      // next
    }
    try {
      return new Loaded(KeyCodec.fromPkcs1Private(der), "DER PKCS#1 RSAPrivateKey", true);
    } catch (KeyFormatException e) {
      return new Unreadable(
          "neither PEM nor a DER public key (SubjectPublicKeyInfo, PKCS#1) or private key"
              + " (PKCS#8, PKCS#1)");
    }
  }

  private static Unreadable encrypted() {
    return new Unreadable(
        "the private key is encrypted; commit the public key instead"
            + " (openssl pkey -in private.pem -pubout -out public.pem)");
  }
}
