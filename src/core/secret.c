/*
 * secret: thin wrappers over libsodium (and OpenSSL's SHA-256), so the rest
 * of lia never chooses algorithms or parameters.
 */
#include "core/secret.h"

#include <openssl/sha.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Argon2id's cost for new hashes: libsodium's interactive level (64 MB, two
 * passes). A check uses the cost written in the stored hash. Set once by
 * secret_init, before any thread starts. */
static unsigned long long password_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t password_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static bool password_cost_low;

int secret_init(void)
{
	if (sodium_init() < 0)
		return -1;
	/* Tests only (as Django's and Devise's test settings do): the test
	 * servers sign in thousands of times, and at 64 MB a hash that was a
	 * quarter of the whole test run's processor time. Still Argon2id, at
	 * libsodium's smallest cost. lia serve warns when it is set. */
	const char *cost = getenv("LIA_TEST_PASSWORD_COST");
	password_cost_low = cost && strcmp(cost, "low") == 0;
	password_ops = password_cost_low ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	password_mem = password_cost_low ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	return 0;
}

bool secret_password_cost_is_low(void)
{
	return password_cost_low;
}

int secret_password_hash(const char *password, char *out)
{
	_Static_assert(crypto_pwhash_STRBYTES <= SECRET_HASH_MAX, "hash buffer too small");
	return crypto_pwhash_str_alg(out, password, strlen(password), password_ops, password_mem,
	                             crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

bool secret_password_check(const char *hash, const char *password)
{
	if (!hash || !*hash || !password)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_token(char *out)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void secret_digest(const char *token, char *out)
{
	unsigned char d[32];
	crypto_generichash(d, sizeof(d), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, SECRET_DIGEST_LEN + 1, d, sizeof(d));
}

void secret_key_hex(char out[SECRET_KEY_HEX + 1])
{
	unsigned char k[32];
	randombytes_buf(k, sizeof(k));
	sodium_bin2hex(out, SECRET_KEY_HEX + 1, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
}

int secret_keyed_digest(const char *key_hex, const char *value, char out[SECRET_KEYED_LEN + 1])
{
	unsigned char k[32], d[16];
	size_t klen = 0;
	if (sodium_hex2bin(k, sizeof(k), key_hex, strlen(key_hex), NULL, &klen, NULL) != 0 || klen != sizeof(k))
		return -1;
	crypto_generichash(d, sizeof(d), (const unsigned char *)value, strlen(value), k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	sodium_bin2hex(out, SECRET_KEYED_LEN + 1, d, sizeof(d));
	return 0;
}

/* OpenSSL's SHA-256 rather than libsodium's: libsodium's is portable C,
 * OpenSSL's uses the CPU's SHA instructions where it has them, several
 * times faster on the frozen reports (some 13 MB per example municipality,
 * a fifteenth of making it with libsodium). libcrypto is in the process
 * anyway (libpq and libcurl link it). The same digest either way. */
void secret_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	SHA256(data, len, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

bool secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
