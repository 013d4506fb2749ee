#!/usr/bin/env bash
# Trains the shipped CNNs on the real processed FER2013 split, sequentially, in the background-friendly way the
# results were produced: frozen class path (so rebuilding the module mid-run cannot change the running code),
# OMP_WAIT_POLICY=PASSIVE (busy-waiting OpenMP threads are ~10x slower on a shared 2-core box), resumable.
# Usage: fer-deep/scripts/train-real.sh [xception-minutes] [simple-minutes]   (run from the repository root;
# needs `mvn -o -pl fer-deep install -DskipTests` first). Re-running resumes both runs from their checkpoints.
set -euo pipefail
XMIN=${1:-82}
SMIN=${2:-18}
DATA=${DATA:-data/processed}
RUN=$PWD/.work/deep-run
mkdir -p "$RUN/lib"
mvn -B -q -o -pl fer-deep dependency:build-classpath -Dmdep.outputFile="$RUN/cp.txt" >/dev/null
CP=""
for j in $(tr ':' '\n' < "$RUN/cp.txt"); do
  case "$j" in
    */org/fer/*) cp -f "$j" "$RUN/lib/"; CP="$CP:$RUN/lib/$(basename "$j")" ;;
    *) CP="$CP:$j" ;;
  esac
done
cp -f fer-deep/target/fer-deep-*.jar "$RUN/lib/fer-deep.jar"
CP="$RUN/lib/fer-deep.jar$CP"
export OMP_WAIT_POLICY=PASSIVE
echo "start $(date -u +%FT%TZ) commit $(git rev-parse HEAD)"
java -Xmx4g -cp "$CP" org.fer.cli.FerCli train --model xception --data "$DATA" --out results/cnn-xception \
  --epochs 60 --batch 64 --lr 1e-3 --seed 42 --max-minutes "$XMIN" --resume
echo "xception done $(date -u +%FT%TZ)"
java -Xmx4g -cp "$CP" org.fer.cli.FerCli train --model simple --data "$DATA" --out results/cnn-simple \
  --epochs 60 --batch 64 --lr 1e-3 --seed 42 --max-minutes "$SMIN" --resume
echo "simple done $(date -u +%FT%TZ)"
