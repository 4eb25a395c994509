"""The translator workflow: which strings exist, catalogs kept current, per-locale status."""
