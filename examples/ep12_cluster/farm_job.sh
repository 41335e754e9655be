#!/bin/bash
# A task farm: one job with several cores runs a pool over the whole sweep.
# Submit from the lesson's folder:  sbatch examples/ep12_cluster/farm_job.sh
# If it runs out of time, submit it again: it computes only what is missing.
#SBATCH --job-name=farm
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=8
#SBATCH --mem-per-cpu=1G
#SBATCH --time=00:30:00
#SBATCH --output=farm-%j.out
# Most clusters also want these two (the names are your site's); remove one # to use them:
##SBATCH --account=my_project
##SBATCH --partition=normal

set -euo pipefail
# On most clusters, load a Python module first; the name is site-specific:
#   module load python/3.12
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate
export OMP_NUM_THREADS=1    # one NumPy thread per worker: the pool uses the cores

# farm.py sizes its pool from SLURM_CPUS_PER_TASK and the cores it may run on.
# On a cluster, put results in your project or scratch space, not in your home
# folder (small, and slow with many files); your site names the place:
#   sbatch --export=ALL,RESULTS=/scratch/$USER/sweep examples/ep12_cluster/farm_job.sh
python examples/ep12_cluster/farm.py --results "${RESULTS:-results/sweep}"
