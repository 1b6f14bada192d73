"""sysopt-scan as a package: one module per job (database, run, crossunit,
baseline, sarif, report), driven by cli.main."""
VERSION = "0.1.0"  # kept equal to the CMake project version by a test


class SetupError(Exception):
    """The scan cannot start or cannot be trusted: no database, an unusable
    driver or plugin, no sysopt check enabled, a bad option (exit 2)."""
