/* DNSSEC cryptography over libcrypto's EVP (crypto.h). The only file of
 * src/dnssec/ that includes OpenSSL; ACMEPROBE_DNSSEC=0 builds it
 * without (make tiny, make TLS=0, make DNSSEC=0). */
#include "dnssec/crypto.h"

#include "dnssec/dnssec.h"

#include <stdlib.h>
#include <string.h>

/* RFC 8624 s3.1 numbers */
enum {
	ALG_RSASHA1 = 5,
	ALG_RSASHA1_NSEC3 = 7,
	ALG_RSASHA256 = 8,
	ALG_RSASHA512 = 10,
	ALG_ECDSAP256 = 13,
	ALG_ECDSAP384 = 14,
	ALG_ED25519 = 15,
	ALG_ED448 = 16,
};

bool dnssec_algorithm_supported(uint8_t algorithm)
{
	if (!dnssec_crypto_built())
		return false;
	/* R-DNSSEC-5: Unbound's list (validator/val_secalgo.c); never 1
	 * (RSAMD5), 3 and 6 (DSA) only in a build acmeprobe is not, 12 (GOST)
	 * not loaded */
	switch (algorithm) {
	case ALG_RSASHA1:
	case ALG_RSASHA1_NSEC3:
	case ALG_RSASHA256:
	case ALG_RSASHA512:
	case ALG_ECDSAP256:
	case ALG_ECDSAP384:
	case ALG_ED25519:
	case ALG_ED448:
		return true;
	default:
		return false;
	}
}

size_t dnssec_digest_len(uint8_t digest_type)
{
	if (!dnssec_crypto_built())
		return 0;
	/* R-DNSSEC-5: SHA-1 (RFC 4034 s5.1.4), SHA-256 (RFC 4509), SHA-384
	 * (RFC 6605 s3); not 3 (GOST) */
	switch (digest_type) {
	case 1:
		return 20;
	case 2:
		return 32;
	case 4:
		return 48;
	default:
		return 0;
	}
}

bool dnssec_digest_supported(uint8_t digest_type)
{
	return dnssec_digest_len(digest_type) != 0;
}

#if ACMEPROBE_DNSSEC

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

bool dnssec_crypto_built(void)
{
	return true;
}

const char *dnssec_crypto_library(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

static const EVP_MD *digest_md(uint8_t digest_type)
{
	switch (digest_type) {
	case 1:
		return EVP_sha1();
	case 2:
		return EVP_sha256();
	case 4:
		return EVP_sha384();
	default:
		return NULL;
	}
}

bool dnssec_digest(uint8_t digest_type, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
		   uint8_t *out, size_t *out_len)
{
	const EVP_MD *md = digest_md(digest_type);
	EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
	unsigned len = 0;
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, a, na) &&
		  EVP_DigestUpdate(ctx, b, nb) && EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
	*out_len = len;
	return ok;
}

bool dnssec_nsec3_hash(const uint8_t *name, size_t name_len, const uint8_t *salt, size_t salt_len,
		       unsigned iterations, uint8_t out[20])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const EVP_MD *sha1 = EVP_sha1();
	unsigned len = 0;
	bool ok = ctx && EVP_DigestInit_ex(ctx, sha1, NULL) &&
		  EVP_DigestUpdate(ctx, name, name_len) && EVP_DigestUpdate(ctx, salt, salt_len) &&
		  EVP_DigestFinal_ex(ctx, out, &len);
	for (unsigned k = 0; ok && k < iterations; k++)
		ok = EVP_DigestInit_ex(ctx, sha1, NULL) && EVP_DigestUpdate(ctx, out, 20) &&
		     EVP_DigestUpdate(ctx, salt, salt_len) && EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
	return ok && len == 20;
}

/* The digest an RSA or ECDSA algorithm signs with; NULL for EdDSA (no
 * separate digest) and for what is not supported. */
static const EVP_MD *signature_md(uint8_t algorithm)
{
	switch (algorithm) {
	case ALG_RSASHA1:
	case ALG_RSASHA1_NSEC3:
		return EVP_sha1();
	case ALG_RSASHA256:
	case ALG_ECDSAP256:
		return EVP_sha256();
	case ALG_RSASHA512:
		return EVP_sha512();
	case ALG_ECDSAP384:
		return EVP_sha384();
	default:
		return NULL;
	}
}

static bool is_eddsa(uint8_t algorithm)
{
	return algorithm == ALG_ED25519 || algorithm == ALG_ED448;
}

bool dnssec_verifier_begin(struct dnssec_verifier *v, uint8_t algorithm)
{
	memset(v, 0, offsetof(struct dnssec_verifier, stage));
	v->algorithm = algorithm;
	if (!dnssec_algorithm_supported(algorithm))
		return false;
	if (is_eddsa(algorithm))
		return true;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, signature_md(algorithm), NULL)) {
		EVP_MD_CTX_free(md);
		return false;
	}
	v->md = md;
	return true;
}

static void flush_stage(struct dnssec_verifier *v)
{
	if (v->staged && !EVP_DigestUpdate(v->md, v->stage, v->staged))
		v->failed = true;
	v->staged = 0;
}

/* EdDSA signs the message itself (RFC 8080 s4): keep every octet. */
static void keep(struct dnssec_verifier *v, const uint8_t *p, size_t n)
{
	if (v->data_cap - v->data_len < n) {
		size_t cap = v->data_cap ? v->data_cap : 1024;
		while (cap - v->data_len < n)
			cap *= 2;
		uint8_t *d = realloc(v->data, cap);
		if (!d) {
			v->failed = true;
			return;
		}
		v->data = d;
		v->data_cap = cap;
	}
	memcpy(v->data + v->data_len, p, n);
	v->data_len += n;
}

void dnssec_verifier_write(void *ctx, const uint8_t *p, size_t n)
{
	struct dnssec_verifier *v = ctx;
	if (v->failed)
		return;
	if (is_eddsa(v->algorithm)) {
		keep(v, p, n);
		return;
	}
	/* small pieces (type, class, TTL) go to the digest in batches */
	if (n >= DNSSEC_VERIFIER_STAGE) {
		flush_stage(v);
		if (!EVP_DigestUpdate(v->md, p, n))
			v->failed = true;
		return;
	}
	if (DNSSEC_VERIFIER_STAGE - v->staged < n)
		flush_stage(v);
	memcpy(v->stage + v->staged, p, n);
	v->staged += n;
}

bool dnssec_verifier_finish(struct dnssec_verifier *v)
{
	if (!v->failed && v->md) {
		unsigned len = 0;
		flush_stage(v);
		if (v->failed || !EVP_DigestFinal_ex(v->md, v->digest, &len))
			v->failed = true;
		v->digest_len = len;
	}
	return !v->failed;
}

void dnssec_verifier_end(struct dnssec_verifier *v)
{
	EVP_MD_CTX_free(v->md);
	free(v->data);
	v->md = NULL;
	v->data = NULL;
}

/* RFC 3110 s2: exponent length (1 octet, or 0 and 2 octets), exponent,
 * modulus; with the limits of dnssec.h. */
static EVP_PKEY *rsa_key(const uint8_t *key, size_t len)
{
	size_t elen, off;
	if (len < 1)
		return NULL;
	if (key[0] != 0) {
		elen = key[0];
		off = 1;
	} else {
		if (len < 3)
			return NULL;
		elen = (size_t)key[1] << 8 | key[2];
		off = 3;
	}
	if (elen == 0 || elen > DNSSEC_RSA_MAX_EXPONENT_OCTETS || len - off <= elen)
		return NULL;
	const uint8_t *e = key + off, *n = key + off + elen;
	size_t nlen = len - off - elen;
	/* RFC 3110: no leading zero octets */
	if (e[0] == 0 || n[0] == 0)
		return NULL;
	unsigned top = 8;
	while (top > 0 && !(n[0] & (1u << (top - 1))))
		top--;
	size_t bits = (nlen - 1) * 8 + top;
	if (bits < DNSSEC_RSA_MIN_BITS || bits > DNSSEC_RSA_MAX_BITS)
		return NULL;

	EVP_PKEY *pkey = NULL;
	BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL), *bn_e = BN_bin2bn(e, (int)elen, NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (bn_n && bn_e && bld && ctx &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(bn_n);
	BN_free(bn_e);
	return pkey;
}

/* RFC 6605 s4: the key is Q = x | y, 64 or 96 octets. */
static EVP_PKEY *ecdsa_key(uint8_t algorithm, const uint8_t *key, size_t len)
{
	size_t want = algorithm == ALG_ECDSAP256 ? 64 : 96;
	if (len != want)
		return NULL;
	uint8_t point[97];
	point[0] = 0x04; /* uncompressed (SEC 1 s2.3.3) */
	memcpy(point + 1, key, len);
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	const char *group = algorithm == ALG_ECDSAP256 ? "P-256" : "P-384";
	if (bld && ctx &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len + 1) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* One DER INTEGER of a big-endian unsigned value: no leading zero
 * octets, one 0x00 when the top bit is set (X.690 s8.3). */
static size_t der_integer(uint8_t *out, const uint8_t *v, size_t n)
{
	while (n > 1 && v[0] == 0) {
		v++;
		n--;
	}
	size_t pad = (v[0] & 0x80) ? 1 : 0;
	out[0] = 0x02;
	out[1] = (uint8_t)(n + pad);
	out[2] = 0;
	memcpy(out + 2 + pad, v, n);
	return 2 + pad + n;
}

/* RFC 6605 s4: the signature is r | s; libcrypto wants the DER
 * ECDSA-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (at most 104 octets
 * for P-384, so one-octet lengths). */
static size_t ecdsa_der(const uint8_t *sig, size_t half, uint8_t *out)
{
	size_t n = 2;
	n += der_integer(out + n, sig, half);
	n += der_integer(out + n, sig + half, half);
	out[0] = 0x30;
	out[1] = (uint8_t)(n - 2);
	return n;
}

static enum dnssec_crypto_result verify_digest(struct dnssec_verifier *v, EVP_PKEY *pkey,
					       const uint8_t *sig, size_t sig_len, bool rsa)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
	if (!ctx)
		return DNSSEC_CRYPTO_ERROR;
	enum dnssec_crypto_result res = DNSSEC_CRYPTO_ERROR;
	if (EVP_PKEY_verify_init(ctx) > 0 &&
	    (!rsa || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0) &&
	    EVP_PKEY_CTX_set_signature_md(ctx, signature_md(v->algorithm)) > 0) {
		int r = EVP_PKEY_verify(ctx, sig, sig_len, v->digest, v->digest_len);
		res = r == 1 ? DNSSEC_CRYPTO_OK : DNSSEC_CRYPTO_BAD_SIGNATURE;
	}
	EVP_PKEY_CTX_free(ctx);
	return res;
}

enum dnssec_crypto_result dnssec_verifier_check(struct dnssec_verifier *v, const uint8_t *key,
						size_t key_len, const uint8_t *sig, size_t sig_len)
{
	if (v->failed)
		return DNSSEC_CRYPTO_ERROR;
	EVP_PKEY *pkey = NULL;
	enum dnssec_crypto_result res;
	switch (v->algorithm) {
	case ALG_RSASHA1:
	case ALG_RSASHA1_NSEC3:
	case ALG_RSASHA256:
	case ALG_RSASHA512:
		pkey = rsa_key(key, key_len);
		if (!pkey)
			return DNSSEC_CRYPTO_BAD_KEY;
		res = verify_digest(v, pkey, sig, sig_len, true);
		break;
	case ALG_ECDSAP256:
	case ALG_ECDSAP384: {
		size_t half = v->algorithm == ALG_ECDSAP256 ? 32 : 48;
		pkey = ecdsa_key(v->algorithm, key, key_len);
		if (!pkey)
			return DNSSEC_CRYPTO_BAD_KEY;
		if (sig_len != 2 * half) {
			res = DNSSEC_CRYPTO_BAD_SIGNATURE;
			break;
		}
		uint8_t der[2 + 2 * (3 + 48)];
		size_t der_len = ecdsa_der(sig, half, der);
		res = verify_digest(v, pkey, der, der_len, false);
		break;
	}
	case ALG_ED25519:
	case ALG_ED448: {
		/* RFC 8080 s3: the 32- or 57-octet public key as it is */
		bool ed25519 = v->algorithm == ALG_ED25519;
		if (key_len != (ed25519 ? 32u : 57u))
			return DNSSEC_CRYPTO_BAD_KEY;
		pkey = EVP_PKEY_new_raw_public_key(ed25519 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448,
						   NULL, key, key_len);
		if (!pkey)
			return DNSSEC_CRYPTO_BAD_KEY;
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		res = DNSSEC_CRYPTO_ERROR;
		if (md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, pkey) > 0) {
			int r = EVP_DigestVerify(
			    md, sig, sig_len, v->data ? v->data : (const uint8_t *)"", v->data_len);
			res = r == 1 ? DNSSEC_CRYPTO_OK : DNSSEC_CRYPTO_BAD_SIGNATURE;
		}
		EVP_MD_CTX_free(md);
		break;
	}
	default:
		return DNSSEC_CRYPTO_UNSUPPORTED;
	}
	EVP_PKEY_free(pkey);
	return res;
}

#else /* !ACMEPROBE_DNSSEC: built without libcrypto */

bool dnssec_crypto_built(void)
{
	return false;
}

const char *dnssec_crypto_library(void)
{
	return NULL;
}

bool dnssec_digest(uint8_t digest_type, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
		   uint8_t *out, size_t *out_len)
{
	(void)digest_type;
	(void)a;
	(void)na;
	(void)b;
	(void)nb;
	(void)out;
	*out_len = 0;
	return false;
}

bool dnssec_nsec3_hash(const uint8_t *name, size_t name_len, const uint8_t *salt, size_t salt_len,
		       unsigned iterations, uint8_t out[20])
{
	(void)name;
	(void)name_len;
	(void)salt;
	(void)salt_len;
	(void)iterations;
	(void)out;
	return false;
}

bool dnssec_verifier_begin(struct dnssec_verifier *v, uint8_t algorithm)
{
	memset(v, 0, offsetof(struct dnssec_verifier, stage));
	v->algorithm = algorithm;
	return false;
}

void dnssec_verifier_write(void *ctx, const uint8_t *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
}

bool dnssec_verifier_finish(struct dnssec_verifier *v)
{
	(void)v;
	return false;
}

enum dnssec_crypto_result dnssec_verifier_check(struct dnssec_verifier *v, const uint8_t *key,
						size_t key_len, const uint8_t *sig, size_t sig_len)
{
	(void)v;
	(void)key;
	(void)key_len;
	(void)sig;
	(void)sig_len;
	return DNSSEC_CRYPTO_UNSUPPORTED;
}

void dnssec_verifier_end(struct dnssec_verifier *v)
{
	(void)v;
}

#endif
