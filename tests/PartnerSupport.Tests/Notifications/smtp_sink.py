"""A real SMTP server for the e-mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1:PORT and stores every message it accepts as one .eml file in FOLDER,
preceded by an X-Envelope-To header naming the envelope's recipients. Prints "ready" once it
listens; stops when its standard input closes.
"""
import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, "%d-%d-%d.eml" % (time.time_ns(), os.getpid(), self.count))
        with open(name + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        # Renamed only when complete, so a reader never sees half a message.
        os.rename(name + ".tmp", name)
        return "250 OK stored " + os.path.basename(name)


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Store(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
