package io.github.emailauth.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code emailauth.yaml}. Safe loading (no types, alias and size limits); every problem is
 * collected with file, line, column and a suggestion, and thrown together.
 */
public final class PolicyLoader {
  /** Bytes; the YAML reader's own limit is in characters, this one spares reading a huge file. */
  static final long MAX_FILE_SIZE = YamlTree.MAX_CODE_POINTS;

  private PolicyLoader() {}

  /** Loads and validates the policy file. */
  public static Policy load(Path file) throws IOException, PolicyException {
    String name = file.toString();
    long size = Files.size(file);
    if (size > MAX_FILE_SIZE) {
      throw new PolicyException(
          List.of(
              new PolicyProblem(
                  SourcePosition.unknown(name),
                  "refused: the file is "
                      + size
                      + " bytes, more than the "
                      + MAX_FILE_SIZE
                      + " a policy may have",
                  null)));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(
          List.of(
              new PolicyProblem(
                  SourcePosition.unknown(name), "the file is not UTF-8 text", "save it as UTF-8")));
    }
    Path dir = file.toAbsolutePath().getParent();
    return read(text, name, file, dir);
  }

  /**
   * Loads a policy from text. {@code fileName} is used in positions; {@code baseDir} anchors
   * relative key and logo paths.
   */
  public static Policy parse(String yaml, String fileName, Path baseDir) throws PolicyException {
    Path dir = baseDir == null ? Path.of("") : baseDir;
    return read(yaml, fileName, dir.resolve(fileName), dir);
  }

  private static Policy read(String yaml, String fileName, Path file, Path baseDir)
      throws PolicyException {
    Problems problems = new Problems();
    if (yaml.startsWith("\uFEFF")) {
      yaml = yaml.substring(1);
    }
    if (yaml.length() > YamlTree.MAX_CODE_POINTS
        && yaml.codePointCount(0, yaml.length()) > YamlTree.MAX_CODE_POINTS) {
      // SnakeYAML would find this too, but only after scanning 3 MB of it.
      problems.add(
          SourcePosition.unknown(fileName),
          "refused: the document is larger than " + YamlTree.MAX_CODE_POINTS + " characters",
          null);
      throw problems.exception();
    }
    YNode root = YamlTree.parse(yaml, fileName, problems);
    Policy policy;
    try {
      policy = root == null ? null : new PolicyReader(problems, file, baseDir).read(root);
    } catch (Problems.OverBudget e) {
      problems.add(
          SourcePosition.unknown(fileName),
          "refused: with defaults and senders applied, the policy has more than "
              + Problems.MAX_VALUES_READ
              + " values",
          "split it into several policy files");
      policy = null;
    }
    if (!problems.isEmpty() || policy == null) {
      if (problems.isEmpty()) {
        // Every path that returns null reports first; this guards that promise.
        throw new IllegalStateException("policy not read, but no problem reported");
      }
      throw problems.exception();
    }
    return policy;
  }
}
