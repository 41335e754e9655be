#!/bin/bash
# A parameter sweep as a Slurm job array: 8 array tasks, one per parameter
# set of sweep.py, each with one core.  Submit from the lesson's folder:
#   sbatch examples/ep12_cluster/sweep_array.sh
# then collect:  python examples/ep12_cluster/collect.py
#SBATCH --job-name=sweep
#SBATCH --array=0-7
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=1G
#SBATCH --time=00:10:00
#SBATCH --output=sweep-%A_%a.out

set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate
export OMP_NUM_THREADS=1

# Each array task runs the same line; SLURM_ARRAY_TASK_ID (0 to 7) picks its parameters.
python examples/ep12_cluster/sweep.py --index "$SLURM_ARRAY_TASK_ID" \
    --results "${RESULTS:-results/sweep}"
