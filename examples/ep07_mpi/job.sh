#!/bin/bash
# A Slurm job script for the pi example.  Submit it from the lesson's folder
# (where .venv and examples/ are): sbatch examples/ep07_mpi/job.sh
# Lines that start with #SBATCH are options for Slurm, not comments.
#SBATCH --job-name=pi-mpi
#SBATCH --ntasks=8
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=1G
#SBATCH --time=00:10:00
#SBATCH --output=pi-mpi-%j.out

# Stop at the first failing command or unset variable.
set -euo pipefail

# On most clusters, load a Python module first; the name is site-specific:
#   module load python/3.12

# The job starts in the folder you submitted from; use the lesson's environment.
cd "${SLURM_SUBMIT_DIR:-.}"
source .venv/bin/activate

# Slurm sets SLURM_CPUS_PER_TASK only because this script asks for
# --cpus-per-task.  One thread per core that Slurm gave each task, for
# NumPy's BLAS and friends:
export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
# mpiexec starts the ranks through srun, as one launcher per node that gets the
# job's cores there.  Starting the ranks with srun instead (many clusters ask for
# it)?  Then write srun --mpi=pmi2 -c "$SLURM_CPUS_PER_TASK": Slurm 22.05 and
# 23.02's srun gives each rank one core otherwise.

# How many darts: change it here, or with `sbatch --export=ALL,DARTS=... job.sh`.
DARTS="${DARTS:-100000000}"

# As many ranks as Slurm gave tasks; -m mpi4py ends the job if one rank fails.
mpiexec -n "${SLURM_NTASKS:-1}" python examples/ep07_mpi/cluster_cores.py
mpiexec -n "${SLURM_NTASKS:-1}" python -m mpi4py examples/ep07_mpi/pi_reduce.py --darts "$DARTS" --blocks 64
