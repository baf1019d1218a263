#!/usr/bin/env bash
# Renames the class logger field 'log' to 'LOG' (the convention checkstyle enforces:
# private static final Logger LOG = LoggerFactory.getLogger(X.class)) in every Java file that
# declares 'private static final Logger log', and its uses ('log.' calls, 'log' passed as an argument).
# Run from the repository root after merging; then `mvn spotless:apply`.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
grep -rlE 'private static final Logger log\b' --include='*.java' . | while read -r f; do
  sed -i -E \
    -e 's/private static final Logger log\b/private static final Logger LOG/' \
    -e 's/([^A-Za-z0-9_."])log\.(trace|debug|info|warn|error|isTraceEnabled|isDebugEnabled|isInfoEnabled|isWarnEnabled|isErrorEnabled|atTrace|atDebug|atInfo|atWarn|atError)\(/\1LOG.\2(/g' \
    -e 's/^log\.(trace|debug|info|warn|error)\(/LOG.\1(/' \
    -e 's/([(,] *)log( *[,)])/\1LOG\2/g' \
    "$f"
  echo "renamed logger in $f"
done
