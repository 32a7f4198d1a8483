"""The app's screens, one a file: picker, waiting, workout, quit confirmation, summary."""
