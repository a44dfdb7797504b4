"""The command line the test server sets share (servers.py, ../../discovery/servers/discovery_servers.py):

    NAME --dir DIR [their own options]

DIR is an existing folder owned by the caller. A start-up failure (RuntimeError, OSError) is one
line "servers: error: ..." on stderr and exit status 1.
"""

import argparse
import os
import sys


def main(doc, run, add_arguments=None):
    """Parses the command line, then calls run(folder, args); returns the exit status."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--dir", required=True, help="an existing folder owned by the caller")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args()
    folder = os.path.abspath(args.dir)
    if not os.path.isdir(folder):
        print("servers: error: --dir %s is not a folder" % folder, file=sys.stderr)
        return 1
    try:
        run(folder, args)
    except (RuntimeError, OSError) as e:
        print("servers: error: %s" % str(e).replace("\n", " "), file=sys.stderr)
        return 1
    return 0
