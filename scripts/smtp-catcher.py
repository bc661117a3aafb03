#!/usr/bin/python3
"""A real SMTP server for the test suite: it accepts every message and keeps it as a file.

Tests talk SMTP to it exactly as the application would talk to a real relay (MailKit, no
mocks), then read what arrived from the mail directory. Each message becomes
DIR/<UTC timestamp>-<uuid>.eml holding the raw bytes the client sent after DATA, so a
test can parse it with MimeKit and see precisely what a recipient would get.

Deliberately permissive: any sender, any recipient, no AUTH, no TLS, no size limit.
It is bound to a loopback address by the caller and lives only for one test run.

Usage: smtp-catcher.py --host 127.0.0.1 --port N --dir DIR
Prints "ready" on stdout once it accepts connections; stops cleanly on SIGTERM/SIGINT.

Uses Debian's python3-aiosmtpd, hence the shebang on the system interpreter rather than
whatever python3 comes first on PATH (a pyenv one would not see the Debian module).
"""

import argparse
import datetime
import os
import signal
import sys
import threading
import uuid

from aiosmtpd.controller import Controller


class MaildirHandler:
    """aiosmtpd handler hooks: accept everything, write each message to one file."""

    def __init__(self, directory: str):
        self.directory = directory

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Accept any recipient: the tests decide who mail goes to, not the catcher.
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        if raw is None:
            raw = envelope.content
        if isinstance(raw, str):  # only when decode_data=True, kept for safety
            raw = raw.encode("utf-8", errors="surrogateescape")

        # The timestamp first so that sorting file names gives arrival order; the uuid
        # keeps two messages in the same microsecond apart.
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"{stamp}-{uuid.uuid4()}.eml"

        # Write under a hidden temporary name that does not end in .eml, then rename:
        # a test polling the directory for *.eml never sees a half-written message.
        tmp_path = os.path.join(self.directory, f".{name}.tmp")
        final_path = os.path.join(self.directory, name)
        try:
            with open(tmp_path, "wb") as f:
                f.write(raw)
            os.replace(tmp_path, final_path)
        except OSError as e:
            print(f"smtp-catcher: could not store message: {e}", file=sys.stderr, flush=True)
            return "451 Requested action aborted: local error in processing"

        print(
            f"smtp-catcher: {envelope.mail_from} -> {', '.join(envelope.rcpt_tos)}: {name}",
            file=sys.stderr,
            flush=True,
        )
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description="SMTP server that stores every message as a .eml file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, help="directory the .eml files are written to")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)

    stop = threading.Event()
    # Turn SIGTERM (sent by the test harness' cleanup) and SIGINT into an orderly stop.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    controller = Controller(
        MaildirHandler(args.dir),
        hostname=args.host,
        port=args.port,
        # A busy CI machine may take longer than aiosmtpd's 1 s default to come up.
        ready_timeout=15,
        # Passed through to aiosmtpd.smtp.SMTP:
        data_size_limit=None,  # no limit: attachments in tests may be large
        enable_SMTPUTF8=True,  # accept internationalised addresses if a client uses them
        decode_data=False,  # keep raw bytes, never re-encode the message
    )
    controller.start()  # returns once the server answers on the socket
    print("ready", flush=True)

    try:
        while not stop.wait(1):
            pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
