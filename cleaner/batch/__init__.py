"""Batch runs: find inputs, read them in steps, clean them in worker processes, write outputs
whole or not at all, count outcomes in a report, resume; pass 1 of a corpus run."""
