#!/bin/bash
# Amira's bootstrap on a cluster: a job array of 4 farms.  Each array task
# runs a pool on its own cores over its share of the 20 chunks (task t runs
# chunks t, t+4, t+8, ...); each chunk's means go to a file of their own.
# Submit from the lesson's folder:
#   sbatch examples/bootstrap/bootstrap_array.sh
# If some tasks fail or run out of time, submit the script again: nothing
# finished is computed again.  The last task to end prints the interval, or:
#   python examples/bootstrap/bootstrap_farm.py --collect --results results/bootstrap
#SBATCH --job-name=bootstrap
#SBATCH --array=0-3
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=4
#SBATCH --mem-per-cpu=1G
#SBATCH --time=00:20:00
#SBATCH --output=bootstrap-%A_%a.out
# Most clusters also want these two (the names are your site's); remove one # to use them:
##SBATCH --account=my_project
##SBATCH --partition=normal

set -euo pipefail
# On most clusters, load a Python module first; the name is site-specific:
#   module load python/3.12
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate
export OMP_NUM_THREADS=1    # one NumPy thread per worker: the pool uses the cores

# --tasks 4: as many array tasks as --array=0-3 has.  The pool is sized from
# the job's cores.  On a cluster, put results in your project or scratch space,
# not in your home folder; your site names the place:
#   sbatch --export=ALL,RESULTS=/scratch/$USER/bootstrap examples/bootstrap/bootstrap_array.sh
python examples/bootstrap/bootstrap_farm.py --resamples "${RESAMPLES:-400000}" \
    --results "${RESULTS:-results/bootstrap}" --task "$SLURM_ARRAY_TASK_ID" --tasks 4
