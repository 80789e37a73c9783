#!/bin/sh
# count.sh N K: counts to N, sleeping STEP_SECONDS (default 1) per step. Every K steps it writes
# its count into $VIGNE_CHECKPOINT_DIR/count and exits with 85, the checkpoint exit code of
# count.yaml, so Vigne stores the directory and starts it again. At start it resumes from the
# saved count when there is one. At the end it writes count.txt: the final count, and the count
# of each start.
N=${1:-30}
K=${2:-5}
STEP=${STEP_SECONDS:-1}
DIR=${VIGNE_CHECKPOINT_DIR:-.}

i=0
if [ -f "$DIR/count" ]; then
    i=$(cat "$DIR/count")
fi
echo "start at $i" >> starts.txt
echo "counter: starting at $i of $N"

steps=0
while [ "$i" -lt "$N" ]; do
    sleep "$STEP"
    i=$((i + 1))
    steps=$((steps + 1))
    if [ "$steps" -ge "$K" ] && [ "$i" -lt "$N" ]; then
        echo "$i" > "$DIR/count.tmp" && mv "$DIR/count.tmp" "$DIR/count"
        echo "counter: checkpoint at $i"
        exit 85
    fi
done

{ echo "counted to $i"; cat starts.txt; } > count.txt
echo "counter: done"
