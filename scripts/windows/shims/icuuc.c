/* Stand-in for Windows 10's system ICU (C:\Windows\System32\icuuc.dll), which Wine 8 lacks.
 *
 * Qt6Core 6.11+ on Windows imports 20 ucnv_* functions from the system ICU for its legacy text
 * codecs (QStringConverter for GBK, Big5, ...). hbaccept never uses them: every file it reads or
 * writes is UTF-8 (or binary formats with their own encoding). So this DLL only has to exist and
 * say "no such converter": ucnv_open fails, nothing else is ever reached with a converter.
 *
 * Test-only: the lane builds it with Debian's mingw-w64 and copies it into the Wine prefix's
 * system32. It is never part of the build; on a real Windows 10 1809+ the system's own ICU is used.
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16

static void fail(int *error) { if (error && *error <= 0) *error = U_UNSUPPORTED_ERROR; }

EXPORT void *ucnv_open(const char *name, int *error) { if (error && *error <= 0) *error = U_FILE_ACCESS_ERROR; return NULL; }
EXPORT void ucnv_close(void *converter) {}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void ucnv_reset(void *converter) {}
EXPORT int8_t ucnv_getMaxCharSize(const void *converter) { return 1; }
EXPORT const char *ucnv_getName(const void *converter, int *error) { fail(error); return ""; }
EXPORT void ucnv_getToUCallBack(const void *c, void **action, const void **context) { if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **action, const void **context) { if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *a, const void *x, void **old, const void **oldx, int *error) { fail(error); }
EXPORT void ucnv_setFromUCallBack(void *c, void *a, const void *x, void **old, const void **oldx, int *error) { fail(error); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const uint16_t *s, int32_t n, int32_t offset, int *error) { fail(error); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const uint16_t **s, const uint16_t *limit, int32_t offset, int *error) { fail(error); }
EXPORT void ucnv_toUnicode(void *c, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o, int8_t flush, int *error) { fail(error); }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o, int8_t flush, int *error) { fail(error); }
EXPORT int32_t ucnv_toUCountPending(const void *c, int *error) { return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, int *error) { return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, int *error) { return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
