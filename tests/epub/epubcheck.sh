#!/bin/bash
# epubcheck.sh FILE...: EPUBCheck on every FILE in one Java run
# (tests/epub/EpubcheckBatch.java); exit 0 only when it says nothing at
# all about any FILE (no fatal, error, warning or info message), 1
# otherwise. EPUBCHECK_JAR names the jar (Debian: /usr/bin/epubcheck).
#
# The JVM runs with its client compiler only (TieredStopAtLevel=1) and the
# serial collector: for a run of seconds that halves the processor time
# (4.2 -> 2.7 s wall, 7.0 -> 3.4 s user for one EPUB) and leaves the second
# core to the test beside it. The verdict does not depend on the JIT.
set -u
jar=${EPUBCHECK_JAR:-/usr/bin/epubcheck}
[ -f "$jar" ] || { echo "epubcheck.sh: no EPUBCheck at $jar" >&2; exit 1; }
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" \
  "$(dirname "$0")/EpubcheckBatch.java" "$@"
