"""Server-side TLS contexts that choose the certificate by SNI, like Dovecot's local_name."""

import ssl


def _context(key, cert):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    return ctx


def sni_context(leaves, default_name):
    """A context serving leaves[default_name], switching to leaves[NAME] when the client's SNI
    is NAME. `leaves`: {name: (key_path, cert_path)}."""
    by_name = {name: _context(key, cert) for name, (key, cert) in leaves.items()}
    default = _context(*leaves[default_name])

    def choose(ssl_object, server_name, _context):
        if server_name in by_name:
            ssl_object.context = by_name[server_name]
        return None

    default.sni_callback = choose
    return default


def old_tls_context(key, cert):
    """A context that offers only TLS 1.0 and 1.1 (what a server unchanged since ~2010 speaks)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.load_cert_chain(cert, key)
    return ctx
