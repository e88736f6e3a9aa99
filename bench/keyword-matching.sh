#!/usr/bin/env bash
# Keyword matching cost per message against 10 to 50,000 rules (no services needed).
# Build first: ./mvnw -q -pl conversation-service -am compile
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -cp conversation-service/target/classes:events/target/classes bench/KeywordMatcherBench.java
