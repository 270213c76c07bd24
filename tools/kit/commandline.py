"""What every command-line tool of the kit owes its reader."""
import argparse
import signal


def quit_quietly_on_closed_pipe():
    """Die silently, as other Unix tools do, when the reader of standard
    output goes away (`... | head`)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def positive(text):
    """An argparse type: a whole number above zero."""
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value
