#!/bin/bash
# Start the ranks with srun instead of mpiexec, as many clusters ask.
# Submit it from the lesson's folder: sbatch examples/ep07_mpi/srun_job.sh
#SBATCH --job-name=hello-srun
#SBATCH --ntasks=2
#SBATCH --time=00:05:00
#SBATCH --output=hello-srun-%j.out

set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate

# Wrong with the lesson's MPI (the mpich wheel): srun starts one separate
# program per task, and each says "Number of ranks (size): 1".
echo "== srun"
srun python examples/ep07_mpi/hello_ranks.py --n 4

# Right: with --mpi=pmi2 the tasks find each other and form one MPI job.
echo "== srun --mpi=pmi2"
srun --mpi=pmi2 python -m mpi4py examples/ep07_mpi/hello_ranks.py --n 4
