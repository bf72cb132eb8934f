"""`python -m addin` runs the `chibo` command line."""
from addin.cli import app

app()
