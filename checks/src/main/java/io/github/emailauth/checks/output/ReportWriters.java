package io.github.emailauth.checks.output;

import io.github.emailauth.checks.engine.CheckCatalog;
import io.github.emailauth.checks.engine.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Writes a {@link Report} in the formats asked for. */
public final class ReportWriters {
  private ReportWriters() {}

  /**
   * Writes every file format of {@code formats} into {@code outDir} (created if needed) and, when
   * {@link Format#CONSOLE} is asked for, the console lines to {@code console}.
   *
   * @param catalog the rules of the SARIF file
   * @param workingDir SARIF artifact URIs are relative to it (the repository checkout)
   * @return the files written, in {@link Format} order
   */
  public static List<Path> write(
      Report report,
      Set<Format> formats,
      Path outDir,
      CheckCatalog catalog,
      ConsoleSink console,
      Path workingDir)
      throws IOException {
    Objects.requireNonNull(report, "report");
    List<Path> written = new ArrayList<>();
    for (Format format : Format.values()) {
      if (!formats.contains(format)) {
        continue;
      }
      if (format == Format.CONSOLE) {
        ConsoleWriter.write(report, Objects.requireNonNull(console, "console"));
        continue;
      }
      byte[] content =
          switch (format) {
            case JSON -> JsonReportWriter.render(report);
            case SARIF -> SarifWriter.render(report, catalog, workingDir);
            case JUNIT -> JunitWriter.render(report);
            case MARKDOWN -> MarkdownWriter.render(report);
            case HTML -> HtmlWriter.render(report);
            case CONSOLE -> throw new AssertionError("handled above");
          };
      Files.createDirectories(outDir);
      Path file = outDir.resolve(format.fileName());
      Files.write(file, content);
      written.add(file);
    }
    return written;
  }

  /** {@link #write(Report, Set, Path, CheckCatalog, ConsoleSink, Path)} from the current folder. */
  public static List<Path> write(
      Report report, Set<Format> formats, Path outDir, CheckCatalog catalog, ConsoleSink console)
      throws IOException {
    return write(report, formats, outDir, catalog, console, Path.of("").toAbsolutePath());
  }
}
