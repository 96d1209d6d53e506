"""CAR-T Guide: a patient-education app about CAR-T cell therapy (Claudin 18.2 trials)."""

__version__ = "1.0.0"
