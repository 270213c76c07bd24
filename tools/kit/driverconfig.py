"""driverconfig.py - the kit's settings, as its driver prints them.

`./mdriver --config -j` prints the settings of config.h that tools need
(the default traces with their weights, the reference allocator, the
score parameters, the limits) as one JSON object. Tools read them here
and never read config.h themselves, so that they cannot disagree with
the driver that scores.
"""
import json
import os
import subprocess

from . import KIT_DIR


class DriverConfigError(RuntimeError):
    """The driver could not say its settings."""


def read(kit=KIT_DIR, driver="mdriver"):
    """The settings that kit's driver (a built ./mdriver) prints."""
    program = os.path.join(kit, driver)
    try:
        done = subprocess.run([program, "--config", "-j"], cwd=kit,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=60)
    except OSError as error:
        raise DriverConfigError("%s: %s (build the driver with make)"
                                % (program, error.strerror)) from None
    if done.returncode != 0:
        raise DriverConfigError("%s --config -j: %s" % (
            program, done.stderr.strip() or "exit status %d"
            % done.returncode))
    try:
        return json.loads(done.stdout)
    except ValueError as error:
        raise DriverConfigError("%s --config -j: %s" % (program, error)) \
            from None


def default_trace_names(config):
    """The default traces' file names, in the driver's order."""
    return [os.path.relpath(trace["path"], config["trace_dir"])
            for trace in config["default_traces"]]
