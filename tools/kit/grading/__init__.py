"""Grade submissions in a sandbox and convert results for graders."""
