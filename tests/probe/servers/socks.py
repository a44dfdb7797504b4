"""A SOCKS5 proxy (RFC 1928: no authentication, CONNECT only) for the probe's proxy tests.

Names ending in ".test" resolve to the servers' address (as `--resolve` does for a direct probe);
other names and addresses are connected to as given. Each request is logged, one line
"CONNECT <host>:<port> <outcome>", to the file given, so a test can see that the probe came
through the proxy and which name it asked for.
"""

import asyncio
import ipaddress
import socket

SUCCEEDED, REFUSED, UNREACHABLE, NOT_SUPPORTED = 0, 5, 4, 7


def _reply(code):
    return bytes([5, code, 0, 1, 0, 0, 0, 0, 0, 0])


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


def handler(servers_address, log_path):
    def log(line):
        with open(log_path, "a") as f:
            f.write(line + "\n")

    async def serve(reader, writer):
        try:
            version, count = await reader.readexactly(2)
            methods = await reader.readexactly(count)
            if version != 5 or 0 not in methods:
                writer.write(b"\x05\xff")
                return
            writer.write(b"\x05\x00")
            version, command, _, kind = await reader.readexactly(4)
            if kind == 1:
                host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
            elif kind == 4:
                host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
            else:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode("ascii", "replace")
            port = int.from_bytes(await reader.readexactly(2), "big")
            shown = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
            if command != 1:
                log("%s %s not supported" % (command, shown))
                writer.write(_reply(NOT_SUPPORTED))
                return
            target = servers_address if host.endswith(".test") else host
            try:
                up_reader, up_writer = await asyncio.open_connection(target, port)
            except ConnectionRefusedError:
                log("CONNECT %s refused" % shown)
                writer.write(_reply(REFUSED))
                return
            except (OSError, socket.gaierror):
                log("CONNECT %s unreachable" % shown)
                writer.write(_reply(UNREACHABLE))
                return
            log("CONNECT %s ok" % shown)
            writer.write(_reply(SUCCEEDED))
            await writer.drain()
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            writer.close()

    return serve
