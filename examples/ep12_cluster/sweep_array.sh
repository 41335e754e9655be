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
# Most clusters also want these two (the names are your site's); remove one # to use them:
##SBATCH --account=my_project
##SBATCH --partition=normal

set -euo pipefail
# On most clusters, load a Python module first; the name is site-specific:
#   module load python/3.12
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate
export OMP_NUM_THREADS=1

# Each array task runs the same line; SLURM_ARRAY_TASK_ID (0 to 7) picks its parameters.
# On a cluster, put results in your project or scratch space, not in your home
# folder (small, and slow with many files); your site names the place:
#   sbatch --export=ALL,RESULTS=/scratch/$USER/sweep examples/ep12_cluster/sweep_array.sh
python examples/ep12_cluster/sweep.py --index "$SLURM_ARRAY_TASK_ID" \
    --results "${RESULTS:-results/sweep}"
