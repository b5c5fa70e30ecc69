"""Talking to GitHub: the PyGithub client, sticky comments and issues, workflow commands."""
