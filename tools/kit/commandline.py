"""What every command-line tool of the kit owes its reader."""
import signal


def quit_quietly_on_closed_pipe():
    """Die silently, as other Unix tools do, when the reader of standard
    output goes away (`... | head`)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
