raise ImportError("simulated for a test: numpy is not installed")
