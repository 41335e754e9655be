#!/bin/bash
# How many cores does a job step get?  The job asks for 2 cores; a step
# started with `srun --exact` gets only what srun itself asks for, and srun
# (since Slurm 22.05) does not read SLURM_CPUS_PER_TASK: export
# SRUN_CPUS_PER_TASK, or give srun --cpus-per-task.
#SBATCH --job-name=step-cores
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=2
#SBATCH --time=00:05:00
#SBATCH --output=step-cores-%j.out

set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate

echo "== the batch script itself"
python examples/ep12_cluster/pool_size.py

echo "== srun --exact, without SRUN_CPUS_PER_TASK"
srun --ntasks=1 --exact python examples/ep12_cluster/pool_size.py

echo "== srun --exact, with SRUN_CPUS_PER_TASK"
export SRUN_CPUS_PER_TASK="$SLURM_CPUS_PER_TASK"
srun --ntasks=1 --exact python examples/ep12_cluster/pool_size.py
