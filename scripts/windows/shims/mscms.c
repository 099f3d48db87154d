/* Stand-in for the colour-management functions of mscms.dll that Wine 8 does not implement.
 *
 * Qt's qwindows platform plugin calls WcsCreateIccProfile for every screen to learn its colour
 * space; Wine 8's mscms.dll has no such export and the process aborts when the window opens. This
 * DLL answers "no profile", and Qt then assumes sRGB, as it does on a PC without a profile.
 *
 * Test-only: built with mingw-w64 into the Wine prefix's system32 and chosen over Wine's builtin
 * with WINEDLLOVERRIDES=mscms=n. Never part of the build.
 */
#include <windows.h>

__declspec(dllexport) HANDLE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD share, DWORD creation) { return NULL; }
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HANDLE profile) { return TRUE; }
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HANDLE profile, BYTE *buffer, DWORD *size) { return FALSE; }
__declspec(dllexport) HANDLE WINAPI WcsCreateIccProfile(HANDLE profile, DWORD flags) { return NULL; }
