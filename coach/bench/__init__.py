"""`python -m coach.bench`: cue timing, drift, CPU, memory, start-up and plan cost."""
