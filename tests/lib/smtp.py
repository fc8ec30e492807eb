#!/usr/bin/python3
# A real SMTP server on loopback for the mail tests (test tooling, not lia):
# aiosmtpd's Controller on 127.0.0.1 and a free port, printed as "port N" once
# it listens. Every message accepted is written to DIR/NNNN.eml (the raw bytes
# as received, with the envelope in DIR/NNNN.json). While the file DIR/refuse
# exists, its first line ("451 try later", "550 no such user") is the answer
# to DATA instead, so a test can make the relay refuse. Stops on SIGTERM.
import json, os, signal, socket, sys, threading
from aiosmtpd.controller import Controller

folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
lock = threading.Lock()
count = [0]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        refuse = os.path.join(folder, 'refuse')
        if os.path.exists(refuse):
            with open(refuse) as f:
                return f.readline().strip() or '451 try again later'
        with lock:
            count[0] += 1
            n = count[0]
        base = os.path.join(folder, '%04d' % n)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        with open(base + '.json', 'w') as f:
            json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos}, f)
        os.rename(base + '.tmp', base + '.eml')
        return '250 OK'

# aiosmtpd's Controller cannot listen on port 0 (it connects to its own port
# to check), so a free port is found first.
with socket.socket() as probe:
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
c = Controller(Handler(), hostname='127.0.0.1', port=port)
c.start()
print('port %d' % port, flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
stop.wait()
c.stop()
