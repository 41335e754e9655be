#!/bin/bash
# How many cores does a job step get?  The job asks for 2 cores per task.
# With -c "$SLURM_CPUS_PER_TASK" (or SRUN_CPUS_PER_TASK exported), srun gives
# the step those 2 cores on every Slurm version; without, the answer depends
# on the version.  Submit from the lesson's folder:
#   sbatch examples/ep12_cluster/step_cores.sh
#SBATCH --job-name=step-cores
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=2
#SBATCH --time=00:05:00
#SBATCH --output=step-cores-%j.out
# Most clusters also want these two (the names are your site's); remove one # to use them:
##SBATCH --account=my_project
##SBATCH --partition=normal

set -euo pipefail
# On most clusters, load a Python module first; the name is site-specific:
#   module load python/3.12
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate
srun --version

echo "== the batch script itself"
python examples/ep12_cluster/pool_size.py

echo "== srun --exact -c \"\$SLURM_CPUS_PER_TASK\": 2 cores on every version"
srun --ntasks=1 --exact -c "$SLURM_CPUS_PER_TASK" python examples/ep12_cluster/pool_size.py

echo "== srun --exact without -c: 1 core on Slurm 22.05 and 23.02, 2 on 23.11 and later"
srun --ntasks=1 --exact python examples/ep12_cluster/pool_size.py

echo "== srun --exact with SRUN_CPUS_PER_TASK exported: 2 cores on every version"
export SRUN_CPUS_PER_TASK="$SLURM_CPUS_PER_TASK"
srun --ntasks=1 --exact python examples/ep12_cluster/pool_size.py
