"""Finished products built from a register: the .ics agenda, the summary and its statistics."""
