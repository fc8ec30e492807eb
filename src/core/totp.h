/*
 * totp: the second factor (RFC 6238 through Debian's liboath): keys, codes,
 * recovery codes, and the QR code a phone app reads the key from (an SVG
 * made from libqrencode's modules, so the page needs no script).
 */
#ifndef LIA_CORE_TOTP_H
#define LIA_CORE_TOTP_H

#include <stdbool.h>
#include <time.h>

#define TOTP_STEP_S 30          /* a code's time step, in seconds */
#define TOTP_DIGITS 6
#define TOTP_SECRET_LEN 32      /* base32 of a 20-byte key */
#define TOTP_GROUPED_LEN 39     /* the key in groups of 4: 8 groups and 7 spaces */
#define TOTP_RECOVERY_COUNT 10  /* recovery codes in a set */
#define TOTP_RECOVERY_LEN 11    /* "XXXXX-XXXXX" */

/* A new random key, base32 (TOTP_SECRET_LEN chars + NUL). */
void totp_new_secret(char out[TOTP_SECRET_LEN + 1]);

/* The time step of now. */
long long totp_step(time_t now);

/* The time step whose code `code` is for the base32 key secret, looking at
 * the steps of now-1, now and now+1; -1 if it is none of them (or the code
 * is not 6 digits, or the key is not base32). */
long long totp_check(const char *secret, const char *code, time_t now);

/* The key in groups of 4 for typing by hand ("ABCD EFGH ..."). */
void totp_grouped(const char *secret, char out[TOTP_GROUPED_LEN + 1]);

/* The otpauth:// URI a phone app reads: issuer "lia", the label "lia
 * (programme): account". malloc'd; NULL without memory. */
char *totp_uri(const char *secret, const char *programme, const char *account);

/* An SVG of the QR code of text, with role="img" and the accessible name
 * label (plain text: escaped here). malloc'd; NULL if it cannot be made. */
char *totp_qr_svg(const char *text, const char *label);

/* A new random recovery code, "XXXXX-XXXXX" from letters and digits that
 * cannot be mistaken for each other. */
void totp_recovery_code(char out[TOTP_RECOVERY_LEN + 1]);

/* A typed recovery code as it is hashed: upper case, without spaces and
 * dashes, into out (TOTP_RECOVERY_LEN + 1 bytes). False if it cannot be one. */
bool totp_recovery_normalise(const char *typed, char out[TOTP_RECOVERY_LEN + 1]);

#endif
