"""The day as a training record: attendance and hours, certificates, evaluation, knowledge check, fidelity."""
