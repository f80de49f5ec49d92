// EpubcheckBatch: EPUBCheck on many EPUBs in one Java run.
//
//   java -cp /usr/bin/epubcheck tests/epub/EpubcheckBatch.java FILE...
//
// (Java's launcher compiles and runs this source file; no JDK is needed
// beyond the runtime that epubcheck already requires.) Each FILE is
// checked through EPUBCheck's own API, com.adobe.epubcheck.api.EpubCheck,
// with the report of its command line (DefaultReportImpl, at the command
// line's default level: fatal, error, warning and info messages, printed
// to standard error in the command line's form). Standard output gets one
// line per FILE: "ok FILE" when EPUBCheck said nothing at all, otherwise
// "FAIL FILE: F fatal, E error, W warning, I info, U usage". Exit status 0
// when every FILE is silent, 1 otherwise, 2 without a FILE.
//
// Why: the command line checks one file a run, and each run starts a JVM
// and loads EPUBCheck's schemas again (3-5 s of processor time); the
// suite checks a few hundred EPUBs, so one run for many saves most of
// that time.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import com.adobe.epubcheck.util.ReportingLevel;
import java.io.File;
import java.io.PrintStream;

public class EpubcheckBatch {
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: EpubcheckBatch FILE...");
      System.exit(2);
    }
    PrintStream out = System.out;
    // EPUBCheck prints its progress ("Validating using EPUB version 3.2
    // rules.") on standard output: keep it beside the messages.
    System.setOut(System.err);
    int failed = 0;
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      report.setReportingLevel(ReportingLevel.Info);
      String verdict;
      try {
        new EpubCheck(new File(path), report).doValidate();
        int f = report.getFatalErrorCount(), e = report.getErrorCount();
        int w = report.getWarningCount(), i = report.getInfoCount();
        int u = report.getUsageCount();
        verdict = f + e + w + i + u == 0 ? "ok " + path
            : String.format("FAIL %s: %d fatal, %d error, %d warning, %d info, %d usage",
                            path, f, e, w, i, u);
      } catch (RuntimeException ex) {
        verdict = "FAIL " + path + ": EPUBCheck stopped: " + ex;
      }
      if (verdict.startsWith("FAIL"))
        failed++;
      out.println(verdict);
      out.flush();
    }
    out.printf("epubcheck %s: %d file(s), %d with messages%n", EpubCheck.version(),
               args.length, failed);
    System.exit(failed == 0 ? 0 : 1);
  }
}
