/*
 * secret: passwords, random tokens and their hashes (libsodium). lia never
 * stores a secret: passwords are kept as argon2id hashes, session and API
 * tokens as BLAKE2b hashes of the random value only the client holds.
 */
#ifndef LIA_CORE_SECRET_H
#define LIA_CORE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_HASH_MAX 128   /* room for an argon2id hash string */
#define SECRET_TOKEN_LEN 43   /* 32 random bytes, base64url without padding */
#define SECRET_DIGEST_LEN 64  /* hex of a 32-byte BLAKE2b digest */

/* Call once at start-up. Returns 0, or -1 if libsodium cannot start. */
int secret_init(void);
/* True when LIA_TEST_PASSWORD_COST=low (tests only) made new password hashes
 * cheap: Argon2id at libsodium's minimum instead of 64 MB and two passes. */
bool secret_password_cost_is_low(void);

/* Hash a password with argon2id into out (SECRET_HASH_MAX bytes).
 * Returns 0, or -1 if memory for hashing could not be had. */
int secret_password_hash(const char *password, char *out);
/* True if password matches the stored hash (constant time). */
bool secret_password_check(const char *hash, const char *password);

/* A new random token (SECRET_TOKEN_LEN chars + NUL). */
void secret_token(char *out);
/* Hex digest of a token, for storage and lookup (SECRET_DIGEST_LEN + NUL). */
void secret_digest(const char *token, char *out);
#define SECRET_KEY_HEX 64     /* hex of a 32-byte random key */
#define SECRET_KEYED_LEN 32   /* hex of a 16-byte keyed BLAKE2b digest */

/* A new random 32-byte key as hex (SECRET_KEY_HEX chars + NUL). */
void secret_key_hex(char out[SECRET_KEY_HEX + 1]);
/* Keyed BLAKE2b-128 of value under the hex key (the audit log's digest of a
 * sensitive field): without the key a guessed value cannot be checked.
 * Returns 0, or -1 if key_hex is not a 32-byte hex key. */
int secret_keyed_digest(const char *key_hex, const char *value, char out[SECRET_KEYED_LEN + 1]);
/* SHA-256 of bytes as 64 hex digits + NUL (checksums of published reports). */
void secret_sha256_hex(const void *data, size_t len, char out[65]);
/* Constant-time comparison of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

#endif
