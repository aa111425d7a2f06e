#!/usr/bin/python3
"""alpn_certs.py: the tls-alpn-01 certificates of the tests, good and bad.

Usage:
  alpn_certs.py --dir DIR --key-authorization KA NAME=KIND ...

For each NAME=KIND it writes DIR/NAME.pem (the certificate), DIR/NAME.key
(its key) and DIR/NAME.der. NAME is the identifier: a domain name or an
IP address (then the SAN is an iPAddress). The certificates are made the
way a domain owner's tooling makes them, by `openssl req -x509 -addext`
with the subjectAltName and the acmeIdentifier extension
(1.3.6.1.5.5.7.1.31, RFC 8737 s3: DER:04:20:<SHA-256 of KA>); the one
certificate openssl cannot make (an extension twice) is put together here
octet by octet and signed by `openssl dgst`. Nothing of acmeprobe's is
used. Kinds:

  good             the right response: SAN = NAME, critical acmeIdentifier
  two_sans         SAN NAME and www.NAME
  san_case         SAN NAME in upper case
  email_san        SAN NAME and an rfc822Name
  other_name       SAN other.NAME only
  ip16             (IPv4 NAME) the iPAddress in its 16-octet mapped form
  noncritical      the acmeIdentifier not marked critical
  wrong_digest     the acmeIdentifier of another key authorization
  malformed_value  an OCTET STRING of 31 octets
  no_acme          no acmeIdentifier
  no_san           no subjectAltName
  not_self_signed  issued by another certificate (a test CA)
  wrong_key        subject == issuer, signed by another key
  negative_serial  serial number -5 (Go's parser refuses it)
  dup_ext          the acmeIdentifier twice (Go's parser refuses it)
"""
import argparse
import hashlib
import ipaddress
import os
import subprocess
import sys
import tempfile

OPENSSL = "openssl"
ACME_OID = "1.3.6.1.5.5.7.1.31"


def run(*args, data=None):
    return subprocess.run([OPENSSL, *args], input=data, check=True,
                          capture_output=True).stdout


def is_ip(name):
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def new_key(path):
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", path)


def acme_ext(digest_hex, critical=True):
    return ACME_OID + "=" + ("critical," if critical else "") + \
        "DER:04:20:" + ":".join(digest_hex[i:i + 2] for i in range(0, 64, 2))


def req(name, key, out, exts, serial=None, subject=None):
    args = ["req", "-x509", "-new", "-key", key, "-days", "30", "-subj",
            "/CN=" + (subject or name), "-out", out]
    if serial is not None:
        args += ["-set_serial", str(serial)]
    for e in exts:
        args += ["-addext", e]
    run(*args)


def san_of(name, upper=False):
    if is_ip(name):
        return "IP:" + name
    return "DNS:" + (name.upper() if upper else name)


# ---- a certificate octet by octet (for dup_ext) ----------------------------

def der_len(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def extension(ext_oid, value, critical=False):
    return seq(oid(ext_oid), tlv(0x01, b"\xff") if critical else b"",
               tlv(0x04, value))


def built(name, key, out, digest, extra_acme=True):
    """A self-signed v3 certificate: SAN NAME, the acmeIdentifier, and (for
    dup_ext) the acmeIdentifier again."""
    spki = run("pkey", "-in", key, "-pubout", "-outform", "DER")
    alg = seq(oid("1.2.840.10045.4.3.2"))  # ecdsa-with-SHA256
    dn = seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, name.encode()))))
    validity = seq(tlv(0x17, b"250101000000Z"), tlv(0x17, b"491231235959Z"))
    if is_ip(name):
        gn = tlv(0x87, ipaddress.ip_address(name).packed)
    else:
        gn = tlv(0x82, name.encode())
    acme = extension(ACME_OID, tlv(0x04, digest), critical=True)
    exts = [extension("2.5.29.17", seq(gn)), acme]
    if extra_acme:
        exts.append(acme)
    tbs = seq(tlv(0xA0, tlv(0x02, b"\x02")), tlv(0x02, b"\x01\x23"), alg, dn,
              validity, dn, spki, tlv(0xA3, seq(*exts)))
    sig = run("dgst", "-sha256", "-sign", key, data=tbs)
    cert = seq(tbs, alg, tlv(0x03, b"\x00" + sig))
    run("x509", "-inform", "DER", "-out", out, data=cert)


# ---- the kinds ---------------------------------------------------------------

def make(dirname, name, kind, ka, ca):
    digest = hashlib.sha256(ka.encode()).digest()
    good = acme_ext(digest.hex())
    key = os.path.join(dirname, name + ".key")
    pem = os.path.join(dirname, name + ".pem")
    new_key(key)
    if kind == "good":
        req(name, key, pem, ["subjectAltName=" + san_of(name), good])
    elif kind == "two_sans":
        req(name, key, pem, ["subjectAltName=%s,DNS:www.%s" % (san_of(name), name),
                             good])
    elif kind == "san_case":
        req(name, key, pem, ["subjectAltName=" + san_of(name, upper=True), good])
    elif kind == "email_san":
        req(name, key, pem, ["subjectAltName=%s,email:admin@%s" % (san_of(name), name),
                             good])
    elif kind == "other_name":
        req(name, key, pem, ["subjectAltName=DNS:other." + name, good])
    elif kind == "ip16":
        mapped = "::ffff:" + name
        req(name, key, pem, ["subjectAltName=IP:" + mapped, good])
    elif kind == "noncritical":
        req(name, key, pem, ["subjectAltName=" + san_of(name),
                             acme_ext(digest.hex(), critical=False)])
    elif kind == "wrong_digest":
        other = hashlib.sha256(b"another.key-authorization").hexdigest()
        req(name, key, pem, ["subjectAltName=" + san_of(name), acme_ext(other)])
    elif kind == "malformed_value":
        value = ":".join("%02x" % b for b in digest[:31])
        req(name, key, pem, ["subjectAltName=" + san_of(name),
                             ACME_OID + "=critical,DER:04:1f:" + value])
    elif kind == "no_acme":
        req(name, key, pem, ["subjectAltName=" + san_of(name)])
    elif kind == "no_san":
        req(name, key, pem, [good])
    elif kind == "not_self_signed":
        csr = os.path.join(dirname, name + ".csr")
        ext = os.path.join(dirname, name + ".ext")
        run("req", "-new", "-key", key, "-subj", "/CN=" + name, "-out", csr)
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\n%s\n" % (san_of(name), good))
        run("x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1], "-days", "30",
            "-set_serial", "7", "-extfile", ext, "-out", pem)
    elif kind == "wrong_key":
        # subject == issuer, but signed by another key than its own
        other = os.path.join(dirname, name + ".other.key")
        new_key(other)
        req(name, key, pem + ".tmp", ["subjectAltName=" + san_of(name), good])
        der = run("x509", "-in", pem + ".tmp", "-outform", "DER")
        os.unlink(pem + ".tmp")
        resign(der, other, pem)
    elif kind == "negative_serial":
        req(name, key, pem, ["subjectAltName=" + san_of(name), good], serial=-5)
    elif kind == "dup_ext":
        built(name, key, pem, digest, extra_acme=True)
    else:
        sys.exit("alpn_certs.py: unknown kind " + kind)
    der = run("x509", "-in", pem, "-outform", "DER")
    with open(os.path.join(dirname, name + ".der"), "wb") as f:
        f.write(der)


def read_tlv(b, i):
    """(tag, content start, end) of the element at b[i]."""
    tag = b[i]
    n = b[i + 1]
    j = i + 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[j:j + k], "big")
        j += k
    return tag, j, j + n


def resign(cert, signer, out):
    """The certificate's TBS signed again, by `signer`."""
    _, c0, _ = read_tlv(cert, 0)
    _, _, t1 = read_tlv(cert, c0)
    tbs = cert[c0:t1]
    alg = seq(oid("1.2.840.10045.4.3.2"))
    sig = run("dgst", "-sha256", "-sign", signer, data=tbs)
    run("x509", "-inform", "DER", "-out", out, data=seq(tbs, alg, tlv(0x03, b"\x00" + sig)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--key-authorization", required=True)
    p.add_argument("specs", nargs="+")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ca_key = os.path.join(tmp, "ca.key")
        ca_pem = os.path.join(tmp, "ca.pem")
        new_key(ca_key)
        run("req", "-x509", "-new", "-key", ca_key, "-days", "30", "-subj",
            "/CN=acmeprobe test CA", "-out", ca_pem)
        for spec in a.specs:
            name, _, kind = spec.partition("=")
            make(a.dir, name, kind, a.key_authorization, (ca_pem, ca_key))


if __name__ == "__main__":
    main()
