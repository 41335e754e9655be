raise ImportError("simulated for a test: mpi4py is not installed")
